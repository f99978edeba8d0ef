#!/usr/bin/env bash
# Builds the jars with Maven, then the five Pharos images, tags them and (with --push) pushes
# them to a registry. Needs a JDK 17+, Maven and a Docker-compatible CLI (docker, or podman
# with DOCKER=podman).
#
#   REGISTRY=registry.example.com/pharos TAG=0.1.0 deploy/images/build.sh --push
#
# Images: $REGISTRY/pharos-{collector,storage,query,alertmanager,standalone}:$TAG. Without
# REGISTRY they are tagged with the bare names, as docker-compose.yml expects them.
#
# Options:
#   --push         push every image after building it
#   --skip-maven   use the jars already in */target (run mvn yourself)
#   --dry-run      print the commands instead of running them
# Environment:
#   REGISTRY   registry and path prefix, without a trailing slash (default: none)
#   TAG        image tag (default: the Maven project version)
#   VERSION    Maven project version, the jar names' infix (default: asked from Maven)
#   DOCKER     container CLI (default: docker)
#   PLATFORM   passed as --platform when set, e.g. linux/amd64
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

push=false maven=true dry=false
for arg in "$@"; do
  case "$arg" in
    --push) push=true ;;
    --skip-maven) maven=false ;;
    --dry-run) dry=true ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "build.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

run() {
  if $dry; then printf '%s\n' "$*"; else "$@"; fi
}

docker_cli="${DOCKER:-docker}"
version="${VERSION:-}"
if [[ -z "$version" ]]; then
  # Maven 3.8 colours even -DforceStdout output: keep only the version's characters.
  version="$(mvn -B -q help:evaluate -Dexpression=project.version -DforceStdout \
    | sed 's/\x1b\[[0-9;]*m//g' | tr -d '[:space:]')"
  [[ -n "$version" ]] || { echo "build.sh: could not read the project version from Maven" >&2; exit 1; }
fi
tag="${TAG:-$version}"
prefix="${REGISTRY:+${REGISTRY%/}/}"

if $maven; then
  run mvn -B -q package -DskipTests
fi

# module:image:jar
images=(
  "collector-service:pharos-collector:collector-service/target/collector-service-${version}-exec.jar"
  "storage-service:pharos-storage:storage-service/target/storage-service-${version}-exec.jar"
  "query-service:pharos-query:query-service/target/query-service-${version}-exec.jar"
  "alertmanager-service:pharos-alertmanager:alertmanager-service/target/alertmanager-service-${version}-exec.jar"
  "standalone:pharos-standalone:standalone/target/pharos-standalone.jar"
)

platform=()
[[ -n "${PLATFORM:-}" ]] && platform=(--platform "$PLATFORM")

for entry in "${images[@]}"; do
  IFS=: read -r module image jar <<<"$entry"
  if ! $dry && [[ ! -f "$jar" ]]; then
    echo "build.sh: $jar is missing: run without --skip-maven, or mvn -B -q package -DskipTests" >&2
    exit 1
  fi
  ref="${prefix}${image}:${tag}"
  run "$docker_cli" build "${platform[@]}" -f "$module/Dockerfile" --build-arg "VERSION=$version" \
    --label "org.opencontainers.image.version=$version" -t "$ref" .
  if $push; then
    run "$docker_cli" push "$ref"
  fi
  $dry || echo "built $ref"
done
