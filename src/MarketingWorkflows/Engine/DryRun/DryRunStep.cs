using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MarketingWorkflows.Engine.DryRun;

/// <summary>
/// One line of a dry run's steps file. A command is written
/// <c>Trigger by user (role, role) [for delegator] [with {json}] [-- comment] [=&gt; accepted | =&gt; refused [code]]</c>;
/// other lines are <c>after 3d</c>, <c>linked process in State</c> and <c>delegate user to user (roles)</c>.
/// </summary>
internal sealed partial record DryRunStep(int Line, DryRunStepKind Kind, string Text)
{
    /// <summary>The syntax of a command step, for messages.</summary>
    public const string Syntax = "Trigger by user (role, role) [for delegator] [with {json arguments}] [-- comment] [=> accepted | => refused code]";

    /// <summary>Gets the trigger, the checklist item (for <see cref="DryRunStepKind.Checklist"/>), or the other process (for <see cref="DryRunStepKind.Linked"/>).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Gets the checklist action of a checklist step.</summary>
    public ChecklistAction ChecklistAction { get; init; }

    /// <summary>Gets who acts (the delegate of a delegation).</summary>
    public string Actor { get; init; } = string.Empty;

    /// <summary>Gets the actor's roles (the delegated roles of a delegation).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Gets on whose behalf the actor acts (the delegator of a delegation), or <see langword="null"/>.</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>Gets the arguments (or data changes), an empty object when none.</summary>
    public JsonElement Arguments { get; init; }

    /// <summary>Gets the comment (a waiver's reason), or <see langword="null"/>.</summary>
    public string? Comment { get; init; }

    /// <summary>Gets how much time passes, or the state of a linked instance.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets the state a linked instance is in.</summary>
    public string State { get; init; } = string.Empty;

    /// <summary>Gets the outcome the step expects, or <see langword="null"/> when it states none.</summary>
    public DryRunExpectation? Expect { get; init; }

    /// <summary>Reads a steps file: one step per line; blank lines and lines starting with '#' are skipped.</summary>
    public static IReadOnlyList<DryRunStep> ParseAll(string text, List<string> errors)
    {
        var steps = new List<DryRunStep>();
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

    /// <summary>Reads one step.</summary>
    public static bool TryParse(string line, int lineNumber, out DryRunStep step, out string error)
    {
        step = null!;
        error = string.Empty;
        var text = line.Trim();
        DryRunExpectation? expect = null;
        if (ExpectPattern().Match(text) is { Success: true } expectation)
        {
            expect = new DryRunExpectation(expectation.Groups[1].Value == "accepted", expectation.Groups[2].Success ? expectation.Groups[2].Value : null);
            text = text[..expectation.Index].TrimEnd();
        }
        else if (text.Contains(" => ", StringComparison.Ordinal) && !text.Contains(" -- ", StringComparison.Ordinal))
        {
            error = $"line {lineNumber}: an expectation is '=> accepted' or '=> refused' with an optional code such as 'forbidden' or 'not-permitted'.";
            return false;
        }

        if (AfterPattern().Match(text) is { Success: true } after)
        {
            if (!TryParseDuration(after.Groups[1].Value, out var duration))
            {
                error = $"line {lineNumber}: '{after.Groups[1].Value}' is not a duration; write a whole number and d, h or m, as in 'after 3d' or 'after 90m'.";
                return false;
            }

            step = new DryRunStep(lineNumber, DryRunStepKind.After, line) { Duration = duration, Expect = expect };
            return NoExpectation(step, lineNumber, out error);
        }

        if (LinkedPattern().Match(text) is { Success: true } linked)
        {
            step = new DryRunStep(lineNumber, DryRunStepKind.Linked, line) { Name = linked.Groups[1].Value, State = linked.Groups[2].Value, Expect = expect };
            return NoExpectation(step, lineNumber, out error);
        }

        if (DelegatePattern().Match(text) is { Success: true } delegation)
        {
            step = new DryRunStep(lineNumber, DryRunStepKind.Delegate, line)
            {
                OnBehalfOf = delegation.Groups[1].Value,
                Actor = delegation.Groups[2].Value,
                Roles = RolesIn(delegation.Groups[3]),
                Expect = expect,
            };
            return NoExpectation(step, lineNumber, out error);
        }

        string? comment = null;
        var dash = text.IndexOf(" -- ", StringComparison.Ordinal);
        if (dash < 0 && text.EndsWith(" --", StringComparison.Ordinal))
        {
            dash = text.Length - 3;
        }

        if (dash >= 0)
        {
            comment = text[Math.Min(dash + 4, text.Length)..].Trim();
            text = text[..dash].TrimEnd();
        }

        var arguments = EmptyObject;
        var with = text.IndexOf(" with ", StringComparison.Ordinal);
        if (with >= 0)
        {
            var json = text[(with + 6)..].Trim();
            text = text[..with].TrimEnd();
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

        if (text.Count(c => c == '(') != text.Count(c => c == ')'))
        {
            error = $"line {lineNumber}: the roles must be one parenthesised list after the user, as in 'Approve by ben (finance, legal)'.";
            return false;
        }

        if (CommandPattern().Match(text) is not { Success: true } command)
        {
            error = $"line {lineNumber}: expected '{Syntax}', 'after 3d', 'linked process in State' or 'delegate user to user (roles)', found '{text}'.";
            return false;
        }

        var name = command.Groups[1].Value;
        var kind = DryRunStepKind.Fire;
        var action = ChecklistAction.Complete;
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && Enum.TryParse<ChecklistAction>(name[..colon], ignoreCase: false, out var parsed))
        {
            kind = DryRunStepKind.Checklist;
            action = parsed;
            name = name[(colon + 1)..];
        }
        else if (name == "Start")
        {
            kind = DryRunStepKind.Start;
        }
        else if (name == "UpdateData")
        {
            kind = DryRunStepKind.UpdateData;
        }

        step = new DryRunStep(lineNumber, kind, line)
        {
            Name = name,
            ChecklistAction = action,
            Actor = command.Groups[2].Value,
            Roles = RolesIn(command.Groups[3]),
            OnBehalfOf = command.Groups[4].Success ? command.Groups[4].Value : null,
            Arguments = arguments,
            Comment = comment,
            Expect = expect,
        };
        return true;
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private static bool NoExpectation(DryRunStep step, int lineNumber, out string error)
    {
        error = step.Expect is null ? string.Empty : $"line {lineNumber}: only commands have an expected outcome.";
        return step.Expect is null;
    }

    private static string[] RolesIn(Group group)
        => group.Success ? [.. group.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)] : [];

    private static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }

        // A count past TimeSpan's range is no duration (rather than an exception from the parser).
        var limit = text[^1] switch { 'd' => TimeSpan.MaxValue.TotalDays, 'h' => TimeSpan.MaxValue.TotalHours, 'm' => TimeSpan.MaxValue.TotalMinutes, _ => 0 };
        if (count >= limit)
        {
            return false;
        }

        duration = text[^1] switch
        {
            'd' => TimeSpan.FromDays(count),
            'h' => TimeSpan.FromHours(count),
            'm' => TimeSpan.FromMinutes(count),
            _ => TimeSpan.Zero,
        };
        return duration > TimeSpan.Zero;
    }

    [GeneratedRegex(@"\s=>\s*(accepted|refused)(?:\s+([a-z][a-z-]*))?\s*$")]
    private static partial Regex ExpectPattern();

    [GeneratedRegex(@"^after\s+(\S+)$")]
    private static partial Regex AfterPattern();

    [GeneratedRegex(@"^linked\s+(\S+)\s+in\s+(\S+)$")]
    private static partial Regex LinkedPattern();

    [GeneratedRegex(@"^delegate\s+(\S+)\s+to\s+(\S+)(?:\s+\(([^)]*)\))?$")]
    private static partial Regex DelegatePattern();

    [GeneratedRegex(@"^(\S+)\s+by\s+(\S+)(?:\s+\(([^)]*)\))?(?:\s+for\s+(\S+))?$")]
    private static partial Regex CommandPattern();
}
