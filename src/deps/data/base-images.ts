/**
 * Base images that ship Python distributions: an import of one of these in a service built FROM the image is
 * provided by the image, so an undeclared import of it is `info`, never `missing`. Names are PEP 503-normalised;
 * each entry names where its package list comes from.
 */
export interface BaseImage {
  /** Matches the image reference without tag or digest (`pytorch/pytorch`, `nvcr.io/nvidia/pytorch`). */
  image: RegExp;
  provides: string[];
  source: string;
}

export const BASE_IMAGES: readonly BaseImage[] = [
  { image: /^(?:docker\.io\/)?pytorch\/pytorch$/, provides: ['torch', 'torchvision', 'torchaudio', 'numpy', 'pyyaml', 'ipython', 'pillow'], source: 'https://github.com/pytorch/pytorch/blob/main/Dockerfile' },
  { image: /^nvcr\.io\/nvidia\/pytorch$/, provides: ['torch', 'torchvision', 'torchaudio', 'numpy', 'pillow'], source: 'https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/' },
  { image: /^(?:docker\.io\/)?tensorflow\/tensorflow$|^nvcr\.io\/nvidia\/tensorflow$/, provides: ['tensorflow', 'keras', 'numpy', 'tensorboard', 'h5py', 'protobuf', 'absl-py', 'grpcio', 'ml-dtypes', 'opt-einsum'], source: 'https://www.tensorflow.org/install/docker' },
  { image: /^(?:docker\.io\/|quay\.io\/)?jupyter\/(?:scipy|datascience|tensorflow|pytorch|pyspark|all-spark)-notebook$/, provides: ['jupyterlab', 'notebook', 'ipython', 'numpy', 'pandas', 'matplotlib', 'scipy', 'scikit-learn', 'scikit-image', 'seaborn', 'sympy', 'statsmodels', 'bokeh', 'altair', 'h5py', 'numba', 'sqlalchemy', 'beautifulsoup4', 'openpyxl', 'xlrd', 'dask', 'cloudpickle', 'dill', 'patsy', 'protobuf', 'pytables', 'ipywidgets', 'ipympl'], source: 'https://jupyter-docker-stacks.readthedocs.io/en/latest/using/selecting.html' },
  { image: /^(?:docker\.io\/|quay\.io\/)?jupyter\/(?:base|minimal)-notebook$/, provides: ['jupyterlab', 'notebook', 'ipython', 'jupyterhub'], source: 'https://jupyter-docker-stacks.readthedocs.io/en/latest/using/selecting.html' },
  { image: /^(?:docker\.io\/)?huggingface\/transformers-pytorch-(?:gpu|cpu)$/, provides: ['transformers', 'torch', 'numpy', 'tokenizers', 'huggingface-hub'], source: 'https://github.com/huggingface/transformers/tree/main/docker' },
];

/** The entry for an image reference (`pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime`), if any. */
export function baseImageOf(ref: string): BaseImage | undefined {
  const name = ref.replace(/@.*$/, '').replace(/:[^/:]*$/, '').toLowerCase();
  return BASE_IMAGES.find((b) => b.image.test(name));
}
