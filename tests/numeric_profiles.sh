#!/usr/bin/env bash
# Replays strict nbval over the chapters under the numeric profiles of other machines: other OpenBLAS
# kernels, NumPy without its AVX-512 or AVX2 loops, one BLAS thread. A stored output whose digits
# depend on rounding passes on the machine that stored it and fails on a student's laptop; this is
# the gate that catches it. Each profile runs `pytest book/` (the chapters only, in strict nbval).
#
# Usage: tests/numeric_profiles.sh [PYTHON]        (default: .venv/bin/python)
set -uo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
failed=()

profile() {   # profile NAME VAR=VALUE...
  local name=$1; shift
  echo "== strict nbval as on $name: $*"
  env "$@" "$python" -m pytest book/ -q || failed+=("$name")
}

profile "an AVX2 machine (most laptops, AMD EPYC)" OPENBLAS_CORETYPE=Haswell "NPY_DISABLE_CPU_FEATURES=X86_V4 AVX512_ICL AVX512_SPR"
profile "an AVX machine with older BLAS kernels" OPENBLAS_CORETYPE=Sandybridge
profile "an SSE-only machine" OPENBLAS_CORETYPE=Nehalem "NPY_DISABLE_CPU_FEATURES=X86_V3 X86_V4 AVX512_ICL AVX512_SPR"
profile "one BLAS thread" OPENBLAS_NUM_THREADS=1

if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED under: %s\n' "${failed[@]}"
  exit 1
fi
echo "== all numeric profiles passed"
