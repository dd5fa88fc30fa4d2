using System.Text.Json;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Api.Apis;

/// <summary>What validating a definition text found.</summary>
/// <param name="Valid">Whether the text is a valid definition.</param>
/// <param name="Errors">Its problems, each where it is; empty when valid.</param>
/// <param name="Mermaid">The definition drawn as a Mermaid state diagram; <see langword="null"/> when not valid.</param>
internal sealed record DefinitionCheck(bool Valid, IReadOnlyList<DefinitionProblem> Errors, string? Mermaid);

/// <summary>One problem of a definition text.</summary>
/// <param name="Code">The stable code, such as <c>MWF201</c>.</param>
/// <param name="Message">What is wrong (the first sentence of the loader's message).</param>
/// <param name="Fix">What would make it right (the rest of the loader's message), or <see langword="null"/> when it says nothing more.</param>
/// <param name="Line">The 1-based line, or 0 when unknown.</param>
/// <param name="Column">The 1-based column, or 0 when unknown.</param>
/// <param name="Path">Where in the definition, such as <c>states[3].transitions[1].guard</c> (empty for the whole definition).</param>
internal sealed record DefinitionProblem(string Code, string Message, string? Fix, int Line, int Column, string Path)
{
    public static DefinitionProblem From(DefinitionError error)
    {
        var (message, fix) = Split(error.Message);
        return new(error.Code, message, fix, error.Line, error.Column, error.Path);
    }

    // The loader writes what is wrong, then what to do: "'x' is not a key here. The keys are: ...".
    // A sentence ends at '.', '?' or '!' followed by a space and a capital or a quote.
    private static (string Message, string? Fix) Split(string text)
    {
        for (var i = 0; i < text.Length - 2; i++)
        {
            if (text[i] is '.' or '?' or '!' && text[i + 1] == ' ' && (char.IsUpper(text[i + 2]) || text[i + 2] is '\'' or '"'))
            {
                var rest = text[(i + 2)..].Trim();
                return rest.Length == 0 ? (text, null) : (text[..(i + 1)], rest);
            }
        }

        return (text, null);
    }
}

/// <summary>Asks for a dry run of steps against a definition text.</summary>
/// <param name="Definition">The definition's YAML or JSON text; required.</param>
/// <param name="Steps">
/// The steps, one per line, as <c>mwf simulate</c> reads them: <c>Trigger by user (role, role) [for delegator] [with {json}] [-- comment] [=> accepted | => refused code]</c>,
/// <c>after 3d</c> (time passes), <c>linked process in State</c>, <c>delegate user to user (roles)</c>; lines starting with # are skipped. Required.
/// </param>
/// <param name="Data">The instance data (a JSON object); by default an empty object.</param>
/// <param name="Now">When the dry run starts; by default now.</param>
/// <param name="Managers">Each user's manager, for approvers such as <c>owner.manager</c>; by default none is known.</param>
internal sealed record DryRunRequest(string Definition, string Steps, JsonElement? Data = null, DateTimeOffset? Now = null, IReadOnlyDictionary<string, string>? Managers = null);

/// <summary>What a dry run did.</summary>
/// <param name="ProcessId">The process id the text declares.</param>
/// <param name="Version">The version the text declares.</param>
/// <param name="StartedAt">The dry run's clock when it started.</param>
/// <param name="EndedAt">The dry run's clock after the last step (time passes with <c>after</c> steps).</param>
/// <param name="InitialState">The state the instance starts in.</param>
/// <param name="FinalState">The state it ends in.</param>
/// <param name="Finished">Whether the final state is terminal.</param>
/// <param name="Steps">Each step's outcome, in order.</param>
/// <param name="Accepted">How many steps were accepted.</param>
/// <param name="Refused">How many steps were refused.</param>
/// <param name="ExpectationsMet">How many steps that state an expected outcome met it.</param>
/// <param name="ExpectationsNotMet">How many did not.</param>
/// <param name="History">The instance's history, as the engine would have written it.</param>
internal sealed record DryRunReport(
    string ProcessId,
    int Version,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string InitialState,
    string FinalState,
    bool Finished,
    IReadOnlyList<DryRunStepResult> Steps,
    int Accepted,
    int Refused,
    int ExpectationsMet,
    int ExpectationsNotMet,
    IReadOnlyList<DryRunHistoryLine> History);

/// <summary>What one step of a dry run did.</summary>
/// <param name="Line">The step's line in the steps text.</param>
/// <param name="Text">The step as written.</param>
/// <param name="Kind">What the step does: Fire, Checklist, UpdateData, Start, After, Linked or Delegate.</param>
/// <param name="From">The state before it.</param>
/// <param name="To">The state after it.</param>
/// <param name="Accepted">Whether it was accepted.</param>
/// <param name="Code">The refusal's code (<c>forbidden</c>, <c>not-permitted</c>, <c>validation-failed</c>, ...), or <see langword="null"/>.</param>
/// <param name="Note">What happened, in words (for a refusal, why).</param>
/// <param name="Expected">The outcome the step expects (<c>accepted</c>, <c>refused forbidden</c>), or <see langword="null"/> when it states none.</param>
/// <param name="MetExpectation">Whether the expectation, if any, was met.</param>
/// <param name="At">The dry run's clock after the step.</param>
internal sealed record DryRunStepResult(int Line, string Text, string Kind, string From, string To, bool Accepted, string? Code, string Note, string? Expected, bool MetExpectation, DateTimeOffset At)
{
    public static DryRunStepResult Of(ProcessDryRunStep step)
        => new(step.Line, step.Text, step.Kind, step.From, step.To, step.Accepted, step.Code, step.Note, step.Expected, step.MetExpectation, step.At);
}

/// <summary>One entry of a dry run's history.</summary>
/// <param name="Sequence">The entry's number.</param>
/// <param name="At">When.</param>
/// <param name="Kind">What kind of entry.</param>
/// <param name="Actor">Who acted.</param>
/// <param name="OnBehalfOf">For whom, under a delegation.</param>
/// <param name="Trigger">The trigger, if any.</param>
/// <param name="Decision">The decision, if any.</param>
/// <param name="FromState">The state before.</param>
/// <param name="ToState">The state after.</param>
/// <param name="Comment">The comment, if any.</param>
internal sealed record DryRunHistoryLine(long Sequence, DateTimeOffset At, string Kind, string Actor, string? OnBehalfOf, string? Trigger, string? Decision, string FromState, string ToState, string? Comment)
{
    public static DryRunHistoryLine From(HistoryEntry e)
        => new(e.Sequence, e.At, e.Kind.ToString(), e.Actor, e.OnBehalfOf, e.Trigger, e.Decision, e.FromState, e.ToState, e.Comment);
}
