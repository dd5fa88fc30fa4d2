using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketingWorkflows.Instances;

/// <summary>Serialization metadata for event data.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
