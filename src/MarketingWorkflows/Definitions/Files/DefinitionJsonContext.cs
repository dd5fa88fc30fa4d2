using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MarketingWorkflows.Definitions.Files;

[JsonSerializable(typeof(JsonNode))]
internal sealed partial class DefinitionJsonContext : JsonSerializerContext;
