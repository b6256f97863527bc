// A HomeIQ-size compose monorepo for the start-up bench: 16 services in one ~23 KB compose.yaml (environment
// blocks, healthchecks, labels, volumes, depends_on conditions, anchors), each with a build context
// (Dockerfile, requirements.txt, sources) and a shared/ library copied by all of them, plus a saved
// `docker stats --no-stream` table. Deterministic: the same call writes the same bytes.
import { fileWriter, statsTable } from './write-files.js';

const NAMES = [
  'websocket-ingestion', 'enrichment-pipeline', 'data-api', 'admin-api', 'health-dashboard', 'data-retention',
  'weather-api', 'carbon-intensity', 'electricity-pricing', 'air-quality', 'calendar-service', 'smart-meter',
  'energy-correlator', 'ai-automation', 'device-intelligence', 'ml-service',
];
const REQS = ['fastapi==0.115.0', 'uvicorn[standard]==0.30.6', 'pydantic>=2.8,<3', 'httpx==0.27.2', 'aiohttp==3.10.5', 'influxdb-client==1.46.0', 'python-dotenv==1.0.1'];

/**
 * Write the monorepo into `dir` (an existing, empty folder).
 * @param {string} dir
 * @returns {{ dir: string, compose: string, stats: string, services: string[], files: number, composeBytes: number }}
 */
export function generateHomeiq(dir) {
  const { write, count } = fileWriter(dir);
  const out = [
    '# HomeIQ-size monorepo for `npm run bench` (bench/generate-homeiq.js): 16 services, one compose file.',
    'name: homeiq',
    '',
    'x-logging: &default-logging',
    '  driver: json-file',
    '  options:',
    '    max-size: "10m"',
    '    max-file: "3"',
    '    tag: "{{.Name}}"',
    '',
    'x-healthcheck: &default-healthcheck',
    '  interval: 30s',
    '  timeout: 10s',
    '  retries: 3',
    '  start_period: 40s',
    '',
    'x-common-env: &common-env',
    '  TZ: ${TZ:-UTC}',
    '  LOG_LEVEL: ${LOG_LEVEL:-INFO}',
    '  LOG_FORMAT: json',
    '  INFLUXDB_URL: http://influxdb:8086',
    '  INFLUXDB_ORG: ${INFLUXDB_ORG:-homeiq}',
    '  INFLUXDB_BUCKET: ${INFLUXDB_BUCKET:-home_assistant_events}',
    '  INFLUXDB_TOKEN: ${INFLUXDB_TOKEN:-homeiq-token}',
    '  HA_URL: ${HA_URL:-http://homeassistant.local:8123}',
    '',
    'services:',
    '  influxdb:',
    '    image: influxdb:2.7.10',
    '    container_name: homeiq-influxdb',
    '    restart: unless-stopped',
    '    ports:',
    '      - "8086:8086"',
    '    environment:',
    '      DOCKER_INFLUXDB_INIT_MODE: setup',
    '      DOCKER_INFLUXDB_INIT_USERNAME: ${INFLUXDB_USERNAME:-admin}',
    '      DOCKER_INFLUXDB_INIT_PASSWORD: ${INFLUXDB_PASSWORD:-admin123}',
    '      DOCKER_INFLUXDB_INIT_ORG: ${INFLUXDB_ORG:-homeiq}',
    '      DOCKER_INFLUXDB_INIT_BUCKET: ${INFLUXDB_BUCKET:-home_assistant_events}',
    '    volumes:',
    '      - influxdb_data:/var/lib/influxdb2',
    '      - influxdb_config:/etc/influxdb2',
    '    healthcheck:',
    '      <<: *default-healthcheck',
    '      test: ["CMD", "influx", "ping"]',
    '    logging: *default-logging',
    '    deploy:',
    '      resources:',
    '        limits:',
    '          memory: 512M',
    '',
  ];
  NAMES.forEach((name, i) => {
    const port = 8001 + i;
    const envName = name.toUpperCase().replace(/-/g, '_');
    out.push(
      `  ${name}:`,
      '    build:',
      '      context: .',
      `      dockerfile: services/${name}/Dockerfile`,
      `    container_name: homeiq-${name}`,
      '    restart: unless-stopped',
      '    ports:',
      `      - "${port}:${port}"`,
      '    environment:',
      '      <<: *common-env',
      `      SERVICE_NAME: ${name}`,
      `      SERVICE_PORT: "${port}"`,
      `      ${envName}_ENABLED: \${${envName}_ENABLED:-true}`,
      `      ${envName}_INTERVAL_SECONDS: \${${envName}_INTERVAL_SECONDS:-${60 * (1 + (i % 5))}}`,
      `      ${envName}_CACHE_TTL: "${300 + i * 15}"`,
      '      DATA_API_URL: http://data-api:8006',
      '      ADMIN_API_URL: http://admin-api:8004',
      `      # ${name}: upstream rate limits are per API key`,
      `      API_KEY: \${${envName}_API_KEY:-}`,
      '    volumes:',
      `      - ./services/${name}/config:/app/config:ro`,
      '      - ./shared:/app/shared:ro',
      `      - ${name.replace(/-/g, '_')}_data:/app/data`,
      '    depends_on:',
      '      influxdb:',
      '        condition: service_healthy',
      ...(i > 0 ? [`      ${NAMES[i - 1]}:`, '        condition: service_started'] : []),
      '    healthcheck:',
      '      <<: *default-healthcheck',
      `      test: ["CMD", "curl", "-f", "http://localhost:${port}/health"]`,
      '    logging: *default-logging',
      '    labels:',
      `      com.homeiq.service: ${name}`,
      `      com.homeiq.tier: "${['core', 'enrichment', 'ai', 'ops'][i % 4]}"`,
      '      com.homeiq.owner: platform-team',
      `      com.homeiq.description: "HomeIQ ${name.replace(/-/g, ' ')} service; see services/${name}/README.md"`,
      '    networks:',
      '      - homeiq-network',
    );
    // Memory limits in the forms real files use, in rotation.
    if (i % 3 === 0) out.push('    deploy:', '      resources:', '        limits:', `          memory: ${[256, 512, 384][i % 3]}M`, '        reservations:', '          memory: 128M');
    else if (i % 3 === 1) out.push(`    mem_limit: ${256 + 64 * (i % 4)}m`);
    out.push('');

    const svc = `services/${name}`;
    write(`${svc}/Dockerfile`, [
      '# syntax=docker/dockerfile:1',
      'FROM python:3.12-slim AS base',
      'WORKDIR /app',
      'ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1',
      `COPY ${svc}/requirements.txt .`,
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY shared/ ./shared/',
      `COPY ${svc}/src/ ./src/`,
      `EXPOSE ${port}`,
      `CMD ["python", "-m", "uvicorn", "src.main:app", "--host", "0.0.0.0", "--port", "${port}"]`,
      '',
    ].join('\n'));
    write(`${svc}/requirements.txt`, [`# ${name}`, ...REQS, ...(i % 4 === 2 ? ['numpy==1.26.4', 'pandas==2.2.2'] : []), ''].join('\n'));
    write(`${svc}/src/__init__.py`, '');
    write(`${svc}/src/main.py`, [
      `"""${name} service."""`,
      'import logging',
      'import os',
      '',
      'import httpx',
      'from fastapi import FastAPI',
      'from pydantic import BaseModel',
      '',
      'from shared.logging_config import setup_logging',
      'from shared.influx import write_points',
      '',
      'app = FastAPI()',
      'log = setup_logging(os.environ.get("SERVICE_NAME", __name__))',
      '',
      '',
      '@app.get("/health")',
      'def health():',
      '    return {"status": "healthy"}',
      '',
    ].join('\n'));
    write(`${svc}/config/settings.yaml`, `service: ${name}\nport: ${port}\n`);
  });
  out.push(
    'volumes:',
    '  influxdb_data:',
    '  influxdb_config:',
    ...NAMES.map((n) => `  ${n.replace(/-/g, '_')}_data:`),
    '',
    'networks:',
    '  homeiq-network:',
    '    driver: bridge',
    '',
  );
  write('shared/__init__.py', '');
  write('shared/logging_config.py', 'import logging\n\n\ndef setup_logging(name):\n    return logging.getLogger(name)\n');
  write('shared/influx.py', 'from influxdb_client import InfluxDBClient\n\n\ndef write_points(points):\n    return InfluxDBClient\n');
  const composeText = out.join('\n');
  const compose = write('docker-compose.yml', composeText);
  const rows = [];
  ['influxdb', ...NAMES].forEach((name, i) => {
    const used = 60 + ((i * 37) % 200);
    rows.push([`${(0xabc000 + i).toString(16)}00000`, `homeiq-${name}`, `${(i % 7) * 0.7}%`, `${used}.5MiB / 7.6GiB`, '1.00%', '1.2kB / 0B', '0B / 0B', '4']);
  });
  const stats = write('docker-stats.txt', statsTable(rows));
  return { dir, compose, stats, services: NAMES, files: count(), composeBytes: Buffer.byteLength(composeText) };
}
