#!/usr/bin/env bash
# Runs Glassbox's PyTorch twin (torch_peer.py, beside this file) on 2 threads, as `glassbox bench --peer torch` does.
# Usage: bench/peer/run-torch-peer.sh --case a|b|c|d|e [--epochs N] [--images N]   or   --gemm [BxIxO,...]
# The peer is Debian's python3-torch with OpenBLAS: python3-torch alone falls back to the reference BLAS,
# 1.6-2.3x slower, which is not a fair peer. Run as root, this installs whichever of the two is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python=/usr/bin/python3

missing=()
"$python" -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
if command -v dpkg-query >/dev/null 2>&1 &&
   ! dpkg-query -W -f='${Status}' libopenblas0 2>/dev/null | grep -q 'install ok installed'; then
  missing+=(libopenblas0)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-torch-peer.sh: installing ${missing[*]} from Debian ..." >&2
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "run-torch-peer.sh: the PyTorch peer needs ${missing[*]}; install it with 'sudo apt-get install -y ${missing[*]}' and run again." >&2
    exit 2
  fi
fi
exec "$python" "$here/torch_peer.py" --threads 2 "$@"
