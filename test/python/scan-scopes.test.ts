import { describe, expect, it } from 'vitest';
import { scanImports, scanPython } from '../../src/python/scan-imports.js';

const flags = (src: string): string[] =>
  scanImports(src).imports.map((i) => `${i.module}:${i.line}${i.local ? ' local' : ''}${i.guarded ? ' guarded' : ''}${i.inTry ? ' try' : ''}`);

describe('import scopes: function-local and find_spec-guarded imports', () => {
  it('marks imports inside def bodies (sync, async, methods, one-line) and not class bodies', () => {
    const src = 'import a\ndef f(x: int = {"k": 1}) -> "r":\n    import b\nasync def g():\n    import c\nclass K:\n    import d\n    def m(self): import e\n    x: int = 1\nimport z\n';
    expect(flags(src)).toEqual(['a:1', 'b:3 local', 'c:5 local', 'd:7', 'e:8 local', 'z:10']);
  });

  it('marks imports under `if ... find_spec(...)` and not under its elif/else or later code', () => {
    const src = 'import importlib.util\nif importlib.util.find_spec("ujson") is not None:\n    import ujson\nelif x:\n    import f2\nelse:\n    import g2\nfrom importlib.util import find_spec\nif find_spec("orjson"): import orjson\nimport h\n';
    expect(flags(src)).toEqual(['importlib.util:1', 'ujson:3 guarded', 'f2:5', 'g2:7', 'importlib.util:8', 'orjson:9 guarded', 'h:10']);
  });

  it('async with / async for are not functions; a def nested in try keeps both flags', () => {
    const src = 'async with x:\n    import a\ntry:\n    def f():\n        import b\nexcept ImportError:\n    pass\n';
    expect(flags(src)).toEqual(['a:2', 'b:5 local try']);
  });
});

describe('scanPython: dotted-name string literals', () => {
  it('keeps plain strings that are dotted names, with lines; skips bytes, f-strings, escapes and prose', () => {
    const src = 'soup = BeautifulSoup(html, "lxml")\nLOG = {"class": "pythonjsonlogger.jsonlogger.JsonFormatter", "msg": "hello world"}\nb = b"bytes"\nf = f"fmt"\ne = "a\\\\b"\nAPPS = [\n    \'rest_framework\',\n    """django_filters""",\n]\n';
    expect(scanPython(src).strings.map((s) => `${s.line} ${s.value}`)).toEqual(['1 lxml', '2 class', '2 pythonjsonlogger.jsonlogger.JsonFormatter', '2 msg', '7 rest_framework', '8 django_filters']);
  });

  it('scanImports does not collect strings', () => {
    expect(scanImports('x = "lxml"\n')).toEqual({ imports: [], errors: [] });
  });
});
