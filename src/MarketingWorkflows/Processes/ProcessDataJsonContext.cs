using System.Text.Json.Serialization;

namespace MarketingWorkflows.Processes;

/// <summary>Serialization metadata for the built-in processes' data: camel case, nulls left out.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CampaignData))]
[JsonSerializable(typeof(ContentData))]
[JsonSerializable(typeof(LaunchData))]
internal sealed partial class ProcessDataJsonContext : JsonSerializerContext;
