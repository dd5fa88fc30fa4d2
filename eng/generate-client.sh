#!/usr/bin/env bash
# Regenerates the C# client in tests/MarketingWorkflows.Api.Client from the sample host's OpenAPI
# document: the host (in-process, as the tests run it) writes its document beside the client,
# and Kiota generates the client from that copy. Commit both; a test fails when they drift.
set -euo pipefail
cd "$(dirname "$0")/.."

client=tests/MarketingWorkflows.Api.Client
# Generation needs nothing from the network: no update check, no telemetry, no hints.
export KIOTA_OFFLINE_ENABLED=true KIOTA_CLI_TELEMETRY_OPTOUT=true KIOTA_TUTORIAL_ENABLED=false
dotnet tool restore
dotnet build tests/MarketingWorkflows.Api.Tests -m:1 -v q
MWF_WRITE_OPENAPI=1 dotnet test tests/MarketingWorkflows.Api.Tests --no-build \
  --filter "FullyQualifiedName~OpenApiTests.The_checked_in_client_was_generated_from_the_current_document"
dotnet kiota generate --language CSharp --openapi "$client/openapi.json" --output "$client/Generated" \
  --class-name MarketingWorkflowsClient --namespace-name MarketingWorkflows.Api.Client \
  --exclude-backward-compatible --clean-output --log-level Warning
rm -f "$client/Generated/.kiota.log"
