using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace MarketingWorkflows.Definitions.Simulation;

/// <summary>
/// One step of a dry run, written <c>Trigger by user (role, role) [with {json}] [-- comment]</c>,
/// for example <c>Reject by carla (legal) with {"reason": "claims"} -- needs a disclaimer</c>.
/// </summary>
internal sealed record SimulationStep(int Line, string Trigger, string Actor, IReadOnlyList<string> Roles, JsonElement Arguments, string? Comment)
{
    public const string Syntax = "Trigger by user (role, role) [with {json arguments}] [-- comment]";

    /// <summary>Reads a steps file: one step per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<SimulationStep> ParseAll(string text, List<string> errors)
    {
        var steps = new List<SimulationStep>();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (TryParse(line, i + 1, out var step, out var error))
            {
                steps.Add(step);
            }
            else
            {
                errors.Add(error);
            }
        }

        return steps;
    }

    public static bool TryParse(string line, int lineNumber, out SimulationStep step, out string error)
    {
        step = null!;
        error = string.Empty;
        string? comment = null;
        var dash = line.IndexOf(" -- ", StringComparison.Ordinal);
        if (dash >= 0)
        {
            comment = line[(dash + 4)..].Trim();
            line = line[..dash].TrimEnd();
        }

        JsonElement arguments = default;
        var with = line.IndexOf(" with ", StringComparison.Ordinal);
        if (with >= 0)
        {
            var json = line[(with + 6)..].Trim();
            line = line[..with].TrimEnd();
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    error = $"line {lineNumber}: the arguments after 'with' must be a JSON object such as {{\"reason\": \"...\"}}.";
                    return false;
                }

                arguments = document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                error = $"line {lineNumber}: the arguments after 'with' are not valid JSON: {ex.Message.Split(" LineNumber:")[0]}";
                return false;
            }
        }

        var roles = new List<string>();
        var open = line.IndexOf('(', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = line.IndexOf(')', open);
            if (close < 0 || close != line.Length - 1)
            {
                error = $"line {lineNumber}: the roles must be one parenthesised list at the end, as in 'Approve by ben (finance, legal)'.";
                return false;
            }

            roles.AddRange(line[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            line = line[..open].TrimEnd();
        }

        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length != 3 || words[1] != "by")
        {
            error = $"line {lineNumber}: expected '{Syntax}', found '{line}'.";
            return false;
        }

        step = new SimulationStep(lineNumber, words[0], words[2], roles.Distinct(StringComparer.Ordinal).ToArray(), arguments, comment);
        return true;
    }
}
