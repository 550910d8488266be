#!/usr/bin/env bash
# Installs what labelsim needs from Debian (GSL and pkg-config) when it is missing.
set -euo pipefail
missing=()
dpkg -s libgsl-dev >/dev/null 2>&1 || missing+=(libgsl-dev)
command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]} with apt-get" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=(); else sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}"
