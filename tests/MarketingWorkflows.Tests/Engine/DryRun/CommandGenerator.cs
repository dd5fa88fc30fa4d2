using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Tests.Engine.DryRun;

/// <summary>Makes up actors, data, arguments and comments for a definition from a seeded random source: mostly what a person would send, sometimes not.</summary>
public sealed class CommandGenerator(ProcessDefinition definition, Random random)
{
    public static readonly string[] Users = ["ana", "fin", "lea", "cmo", "ops", "mike", "olga", "zed"];

    private readonly string[] _roles = RolesOf(definition);

    public Random Random => random;

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public bool Chance(double p) => random.NextDouble() < p;

    /// <summary>An actor, who holds one of <paramref name="wanted"/> most of the time.</summary>
    public Actor Actor(IReadOnlyList<string>? wanted = null, string? user = null)
    {
        var roles = new List<string>();
        if (wanted is { Count: > 0 } && Chance(0.8))
        {
            roles.Add(Pick(wanted));
        }

        for (var i = random.Next(3); i > 0 && _roles.Length > 0; i--)
        {
            roles.Add(Pick(_roles));
        }

        return new Actor(user ?? Pick(Users), [.. roles.Distinct(StringComparer.Ordinal)]);
    }

    public string? Comment() => random.Next(20) switch
    {
        0 => new string('x', 5000),
        1 => "   ",
        < 9 => null,
        _ => Pick(["looks good", "needs the EU disclaimer", "over budget", "ok"]),
    };

    /// <summary>Data for a new instance: valid for the definition most of the time.</summary>
    public JsonElement Data()
    {
        var data = new JsonObject();
        foreach (var field in definition.Data)
        {
            if (field.Required || Chance(0.5))
            {
                data[field.Name] = Value(field, field.Name);
            }
        }

        if (Chance(0.03))
        {
            data.Remove(definition.Data.First(f => f.Required).Name);
        }

        return JsonSerializer.SerializeToElement(data);
    }

    /// <summary>Arguments for a trigger: valid most of the time, sometimes missing a field or with one of the wrong type.</summary>
    public JsonElement? Arguments(TriggerDefinition trigger)
    {
        if (trigger.Arguments.Count == 0)
        {
            return Chance(0.05) ? JsonSerializer.SerializeToElement(new { unexpected = 1 }) : null;
        }

        var args = new JsonObject();
        foreach (var field in trigger.Arguments)
        {
            if (field.Required ? !Chance(0.07) : Chance(0.5))
            {
                args[field.Name] = Chance(0.05) ? JsonValue.Create(42) : Value(field, field.Name);
            }
        }

        return JsonSerializer.SerializeToElement(args);
    }

    /// <summary>A change to one or two data fields: valid most of the time.</summary>
    public JsonElement Changes()
    {
        var changes = new JsonObject();
        for (var i = 1 + random.Next(2); i > 0; i--)
        {
            var field = Pick(definition.Data);
            changes[field.Name] = Chance(0.08) ? null : Chance(0.05) ? JsonValue.Create("?") : Value(field, field.Name);
        }

        return JsonSerializer.SerializeToElement(changes);
    }

    private JsonNode? Value(FieldDefinition field, string name)
    {
        var now = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        return field.Type switch
        {
            FieldType.String when name is "owner" => JsonValue.Create(Pick(Users)),
            FieldType.String when name is "campaignId" => JsonValue.Create(new Guid(Bytes(16)).ToString()),
            FieldType.String => JsonValue.Create(Pick(["Spring launch", "x", "EU wording", "A new brief", ""])),
            FieldType.Number => JsonValue.Create(Pick([0, 1, 2, 3, 7, 500, 4300])),
            FieldType.Money => new JsonObject { ["amount"] = Pick([0m, 900m, 5000m, 12000m, 99000m, 120000m, -5m]), ["currency"] = field.Currency ?? "EUR" },
            FieldType.Date => JsonValue.Create(now.AddDays(random.Next(-10, 60)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            FieldType.DateTime => JsonValue.Create(now.AddHours(random.Next(-48, 24 * 30)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)),
            FieldType.Duration => JsonValue.Create(Pick(["3d", "4h", "soon"])),
            FieldType.Boolean => JsonValue.Create(Chance(0.5)),
            FieldType.Enum when field.AllowedValues.Count > 0 => JsonValue.Create(Chance(0.95) ? Pick(field.AllowedValues) : "unheard-of"),
            FieldType.List => new JsonArray([.. (field.Items?.AllowedValues ?? []).Where(_ => Chance(0.4)).Select(v => (JsonNode?)JsonValue.Create(v))]),
            FieldType.Object => new JsonObject(field.Fields.Select(f => KeyValuePair.Create(f.Name, f.Name == "number" ? JsonValue.Create(random.Next(0, 4)) : Value(f, f.Name)))),
            _ => JsonValue.Create("?"),
        };
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string[] RolesOf(ProcessDefinition definition)
    {
        var roles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in definition.Triggers)
        {
            roles.UnionWith(trigger.Roles);
        }

        foreach (var stage in definition.States.Select(s => s.Approval).OfType<ApprovalStageDefinition>())
        {
            roles.UnionWith(stage.Approvers.Where(a => a.Kind == ApproverKind.Role).Select(a => a.Value));
            roles.UnionWith(stage.SelfApprovalRoles);
            if (stage.FallbackRole is { } fallback)
            {
                roles.Add(fallback);
            }
        }

        foreach (var item in definition.Checklist)
        {
            if (item.OwnerRole is { } owner)
            {
                roles.Add(owner);
            }

            roles.UnionWith(item.WaivableBy);
        }

        roles.Remove("system");
        return [.. roles.Order(StringComparer.Ordinal)];
    }
}
