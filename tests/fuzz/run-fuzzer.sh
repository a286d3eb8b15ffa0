#!/usr/bin/env bash
# Runs one libFuzzer target for a bounded time: run-fuzzer.sh BINARY SEED_DIR WORK_DIR SECONDS.
# New inputs go to WORK_DIR/corpus (the seed folder in the source tree is only read); a crash
# leaves its input in WORK_DIR/crashes/ and makes this script fail.
set -euo pipefail
binary=$1 seeds=$2 work=$3 seconds=$4
mkdir -p "${work}/corpus" "${work}/crashes"
# Leaks are errors too; a slow input (over 10 s) or an allocation over 2 GiB is a finding.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
exec "${binary}" -max_total_time="${seconds}" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -print_final_stats=1 -artifact_prefix="${work}/crashes/" "${work}/corpus" "${seeds}"
