using System;

namespace MarketingWorkflows.Engine;

/// <summary>What one step of a <see cref="ProcessDryRun"/> did.</summary>
/// <param name="Line">The step's line in the steps text.</param>
/// <param name="Text">The step as written.</param>
/// <param name="Kind">What kind of step: <c>Command</c>, <c>Checklist</c>, <c>After</c>, <c>Linked</c>, <c>Delegate</c>, <c>Start</c>.</param>
/// <param name="From">The state before it.</param>
/// <param name="To">The state after it.</param>
/// <param name="Accepted">Whether the engine's rules accepted it.</param>
/// <param name="Code">The refusal's code (<c>forbidden</c>, <c>not-permitted</c>, <c>validation-failed</c>, ...), or <see langword="null"/> when accepted.</param>
/// <param name="Note">What happened, in words.</param>
/// <param name="Expected">The outcome the step expects (<c>accepted</c>, <c>refused forbidden</c>), or <see langword="null"/> when it states none.</param>
/// <param name="MetExpectation">Whether the expectation was met; <see langword="true"/> when the step states none.</param>
/// <param name="At">The dry run's clock after the step.</param>
public sealed record ProcessDryRunStep(int Line, string Text, string Kind, string From, string To, bool Accepted, string? Code, string Note, string? Expected, bool MetExpectation, DateTimeOffset At);
