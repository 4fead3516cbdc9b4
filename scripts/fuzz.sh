#!/bin/sh
# Fuzzes track's YAML reader, file readers, loader and engine for a given time with the seeded mutation
# driver (Tools/Sources/TrackFuzz), restarting with the next seed after a finding. Findings land in
# fuzz-findings/ (crash-seedN.yaml, hang-seedN.yaml): turn each into a case under Tests/Fixtures/invalid/.
#   scripts/fuzz.sh SECONDS [FIRST_SEED]
set -eu
seconds=${1:?usage: scripts/fuzz.sh SECONDS [FIRST_SEED]}
seed=${2:-1}
cd "$(dirname "$0")/.."
swift build --package-path Tools -c release --product TrackFuzz >/dev/null
binary=$(swift build --package-path Tools -c release --show-bin-path)/TrackFuzz
out=fuzz-findings
mkdir -p "$out"
end=$(( $(date +%s) + seconds ))
total=0
findings=0
while [ "$(date +%s)" -lt "$end" ]; do
    left=$(( end - $(date +%s) ))
    slice=$(( left < 300 ? left : 300 ))
    if line=$("$binary" --seconds "$slice" --seed "$seed" --out "$out"); then
        echo "$line"
        total=$(( total + $(echo "$line" | sed -n 's/.*: \([0-9]*\) executions.*/\1/p') ))
    else
        findings=$(( findings + 1 ))
        total=$(( total + $(cat "$out/progress-seed$seed" 2>/dev/null || echo 0) ))
        echo "seed $seed: finding saved in $out/ after $(cat "$out/progress-seed$seed" 2>/dev/null || echo 0) executions"
    fi
    rm -f "$out/progress-seed$seed"
    seed=$(( seed + 1 ))
done
echo "fuzz total: $total executions in $seconds s, $findings findings (next seed $seed)"
