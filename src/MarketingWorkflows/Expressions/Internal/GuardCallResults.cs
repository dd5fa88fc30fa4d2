using System;
using System.Collections.Generic;
using System.Text.Json;

namespace MarketingWorkflows.Expressions.Internal;

/// <summary>One call of a guard function and its answer, as JSON: the arguments (an array) and the result.</summary>
/// <param name="Function">The function's name.</param>
/// <param name="Arguments">The arguments, a JSON array.</param>
/// <param name="Result">The result (JSON <c>null</c> for none).</param>
internal sealed record GuardCallRecord(string Function, JsonElement Arguments, JsonElement Result)
{
    /// <summary>
    /// Gets why the call failed, when it did: only "what can I do" decides on with a failed call,
    /// to show it as the reason an action is not available now; a command is refused at once.
    /// </summary>
    public string? Failure { get; init; }

    /// <summary>Gets the key that identifies the call: the same function with the same arguments is the same call.</summary>
    public string Key => KeyOf(Function, Arguments);

    public static string KeyOf(string function, JsonElement arguments) => function + arguments.GetRawText();
}

/// <summary>
/// The answers of the guard function calls gathered for one command, in the order they were
/// needed. Immutable: <see cref="With"/> returns a new set.
/// </summary>
internal sealed class GuardCallResults
{
    /// <summary>The name under which a history entry's arguments record the calls its guard used.</summary>
    public const string HistoryProperty = "$guardCalls";

    private readonly Dictionary<string, GuardCallRecord> _byKey;

    private GuardCallResults(Dictionary<string, GuardCallRecord> byKey, IReadOnlyList<GuardCallRecord> calls)
    {
        _byKey = byKey;
        Calls = calls;
    }

    public static GuardCallResults Empty { get; } = new(new Dictionary<string, GuardCallRecord>(StringComparer.Ordinal), []);

    public IReadOnlyList<GuardCallRecord> Calls { get; }

    public int Count => Calls.Count;

    public bool TryGet(string key, out GuardCallRecord record) => _byKey.TryGetValue(key, out record!);

    public GuardCallResults With(GuardCallRecord record)
    {
        var byKey = new Dictionary<string, GuardCallRecord>(_byKey, StringComparer.Ordinal) { [record.Key] = record };
        return new GuardCallResults(byKey, [.. Calls, record]);
    }

    /// <summary>Reads the calls a history entry's arguments record (none when it records none).</summary>
    public static GuardCallResults FromHistory(JsonElement? arguments)
    {
        var results = Empty;
        if (arguments is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(HistoryProperty, out var calls) && calls.ValueKind == JsonValueKind.Array)
        {
            foreach (var call in calls.EnumerateArray())
            {
                results = results.With(new GuardCallRecord(call.GetProperty("function").GetString()!, call.GetProperty("arguments").Clone(), call.GetProperty("result").Clone()));
            }
        }

        return results;
    }

    /// <summary>Writes <paramref name="arguments"/> (an object, or none) with the calls added under <see cref="HistoryProperty"/>.</summary>
    public JsonElement AddTo(JsonElement? arguments)
    {
        using var stream = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            if (arguments is { ValueKind: JsonValueKind.Object } args)
            {
                foreach (var property in args.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteStartArray(HistoryProperty);
            foreach (var call in Calls)
            {
                if (call.Failure is not null)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("function", call.Function);
                writer.WritePropertyName("arguments");
                call.Arguments.WriteTo(writer);
                writer.WritePropertyName("result");
                call.Result.WriteTo(writer);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(stream.ToArray());
        return document.RootElement.Clone();
    }
}
