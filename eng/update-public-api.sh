#!/usr/bin/env bash
# Rewrites each shipped package's PublicAPI.Unshipped.txt from its code, after an intended
# change to its public API: every public type and member that PublicAPI.Shipped.txt does not
# list is added, anything no longer in the code is dropped, and a shipped entry that is gone
# is marked *REMOVED*. Then it builds the packages. Review the diff and commit it with the
# change. See docs/contributing.md.
#
#   eng/update-public-api.sh              every package under src/
#   eng/update-public-api.sh src/X ...    only the packages in these folders
set -euo pipefail
cd "$(dirname "$0")/.."

nullable='#nullable enable'
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=(src/*/)

# The packages the build checks: Directory.Build.targets sets DeclaresPublicApi for them.
projects=()
for folder in "${folders[@]}"; do
  for project in "${folder%/}"/*.csproj; do
    [ -f "$project" ] || continue
    if [ "$(dotnet msbuild "$project" -getProperty:DeclaresPublicApi)" = "true" ]; then
      projects+=("$project")
    fi
  done
done
[ ${#projects[@]} -gt 0 ] || { echo "no package declares a public API under: ${folders[*]}" >&2; exit 1; }

# 1. Start each Unshipped file afresh and let RS0016's fix declare every public symbol that
#    is not declared yet. One project per run: a solution-wide run writes one project's file only.
for project in "${projects[@]}"; do
  dir=$(dirname "$project")
  echo "== declaring $project"
  [ -f "$dir/PublicAPI.Shipped.txt" ] || echo "$nullable" > "$dir/PublicAPI.Shipped.txt"
  echo "$nullable" > "$dir/PublicAPI.Unshipped.txt"
  dotnet format analyzers "$project" --diagnostics RS0016 --severity warn
done

# 2. Build. A shipped entry whose symbol is gone (RS0017 on PublicAPI.Shipped.txt) is a
#    removal: record it as *REMOVED* in that package's Unshipped file, and build again.
build_all() {
  local log=$1 failed=0
  : > "$log"
  for project in "${projects[@]}"; do
    echo "== building $project"
    dotnet build "$project" -m:1 -v q -nologo >>"$log" 2>&1 || failed=1
  done
  return $failed
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! build_all "$log"; then
  removals=$(grep -E "PublicAPI\.Shipped\.txt\([0-9]+,[0-9]+\): (error|warning) RS0017:" "$log" \
    | sed -E "s/^(.*)\/PublicAPI\.Shipped\.txt\([0-9]+,[0-9]+\): (error|warning) RS0017: Symbol '(.*)' is part of the declared API.*/\1	\3/" \
    | sort -u || true)
  if [ -z "$removals" ]; then
    cat "$log"
    exit 1
  fi
  while IFS=$'\t' read -r dir entry; do
    echo "*REMOVED*$entry" >> "$dir/PublicAPI.Unshipped.txt"
  done <<< "$removals"
  build_all "$log" || { cat "$log"; exit 1; }
fi

echo "Declared the public API of ${#projects[@]} package(s); review: git diff -- 'src/*/PublicAPI.*.txt'"
