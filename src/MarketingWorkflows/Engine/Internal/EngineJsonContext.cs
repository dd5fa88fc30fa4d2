using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MarketingWorkflows.Engine.Internal;

/// <summary>Serialization metadata for the engine's own JSON.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
