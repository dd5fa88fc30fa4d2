using System.Text.Json;
using MarketingWorkflows.Expressions;

namespace MarketingWorkflows.Tests.Expressions;

/// <summary>A campaign's data schema and sample data, shared by the expression tests.</summary>
internal static class CampaignScope
{
    public static readonly ExpressionType Data = ExpressionType.Object(new Dictionary<string, ExpressionType>
    {
        ["name"] = ExpressionType.String,
        ["owner"] = ExpressionType.String,
        ["budget"] = ExpressionType.Money(),
        ["fee"] = ExpressionType.Money("EUR"),
        ["regions"] = ExpressionType.List(ExpressionType.Enum(["EU", "UK", "US", "APAC"])),
        ["region"] = ExpressionType.Enum(["EU", "UK", "US", "APAC"]),
        ["channels"] = ExpressionType.List(ExpressionType.String),
        ["startAt"] = ExpressionType.Date,
        ["launchAt"] = ExpressionType.DateTime,
        ["leadTime"] = ExpressionType.Duration,
        ["expectedLeads"] = ExpressionType.Number,
        ["consumer"] = ExpressionType.Boolean,
        ["items"] = ExpressionType.List(ExpressionType.Object(new Dictionary<string, ExpressionType>
        {
            ["id"] = ExpressionType.String,
            ["done"] = ExpressionType.Boolean,
            ["cost"] = ExpressionType.Number,
        })),
        ["optional"] = ExpressionType.Number,
    });

    public static readonly ExpressionType Arguments = ExpressionType.Object(new Dictionary<string, ExpressionType>
    {
        ["reason"] = ExpressionType.String,
        ["amount"] = ExpressionType.Money(),
    });

    public static readonly ExpressionScope Scope = new(Data, Arguments);

    public const string SampleJson = """
        {
          "name": "Spring launch",
          "owner": "ana",
          "budget": { "amount": 25000, "currency": "EUR" },
          "fee": { "amount": 100, "currency": "EUR" },
          "regions": ["EU", "US"],
          "region": "EU",
          "channels": ["email", "social"],
          "startAt": "2026-03-01",
          "launchAt": "2026-03-01T09:00:00+01:00",
          "leadTime": "3d",
          "expectedLeads": 1200,
          "consumer": true,
          "items": [ { "id": "copy", "done": true, "cost": 10 }, { "id": "legal", "done": false, "cost": 5 } ],
          "optional": null
        }
        """;

    public static readonly JsonElement Sample = JsonDocument.Parse(SampleJson).RootElement;

    public static readonly DateTimeOffset Now = new(2026, 2, 20, 12, 0, 0, TimeSpan.Zero);

    public static ExpressionContext Context(string? arguments = null)
        => new(Sample, arguments is null ? default : JsonDocument.Parse(arguments).RootElement, Now);

    public static object? Evaluate(string text, string? arguments = null)
        => CompiledExpression.Compile(text, Scope).Evaluate(Context(arguments));

    public static bool Holds(string text, string? arguments = null)
        => CompiledExpression.CompileCondition(text, Scope).EvaluateCondition(Context(arguments));

    public static IReadOnlyList<ExpressionError> Errors(string text)
    {
        CompiledExpression.TryCompile(text, Scope, out _, out var errors).Should().BeFalse("'{0}' should not compile", text);
        return errors;
    }
}
