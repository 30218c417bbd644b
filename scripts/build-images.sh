#!/bin/sh
# Builds the step images (containers/Dockerfile, once per image) with docker or podman, whichever is installed, after
# building the bundles. Tags: <registry>/opsflow-<image>:<package.json version>.
#   scripts/build-images.sh [--registry registry.example.com/platform] [--push] [image...]
# Images: kubernetes aws openstack notify (default: all four). Set OPSFLOW_BASE_IMAGE to override the base image
# (e.g. pinned by digest).
set -eu

cd "$(dirname "$0")/.."
registry=localhost/opsflow
push=false
images=""
while [ $# -gt 0 ]; do
  case "$1" in
    --registry) registry=$2; shift 2 ;;
    --push) push=true; shift ;;
    kubernetes|aws|openstack|notify) images="$images $1"; shift ;;
    *) echo "build-images: unknown argument '$1' (images: kubernetes aws openstack notify)" >&2; exit 2 ;;
  esac
done
images=${images:-kubernetes aws openstack notify}

# A docker CLI without a reachable daemon does not count.
if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then engine=docker
elif command -v podman >/dev/null 2>&1; then engine=podman
else echo "build-images: neither a running docker nor podman found" >&2; exit 1
fi

version=$(node -p "require('./package.json').version")
npm run --silent build -- $images

# The build context holds only what the Dockerfiles copy (not node_modules, .git or sources).
context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/containers" "$context/dist"
cp containers/warm-compile-cache.mjs "$context/containers/"

for image in $images; do
  tag="$registry/opsflow-$image:$version"
  cp -R "dist/$image" "$context/dist/"
  set -- -f containers/Dockerfile --build-arg "IMAGE=$image" -t "$tag"
  if [ -n "${OPSFLOW_BASE_IMAGE:-}" ]; then set -- "$@" --build-arg "BASE_IMAGE=$OPSFLOW_BASE_IMAGE"; fi
  echo "build-images: $engine build $tag"
  "$engine" build "$@" "$context"
  if [ "$push" = true ]; then "$engine" push "$tag"; fi
done
