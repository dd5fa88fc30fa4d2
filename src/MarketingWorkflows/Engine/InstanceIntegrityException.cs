using System;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Thrown when an instance's stored row disagrees with its last history entry — its state,
/// version, data, history head or count is not what the history says — so it was changed outside
/// the engine (or the history was). The engine refuses every command on it until an operator
/// restores the row (or the history) from a backup; <see cref="IProcessEngine.VerifyHistoryAsync"/>
/// names the field.
/// </summary>
public sealed class InstanceIntegrityException : ProcessCommandException
{
    /// <summary>Initializes the exception.</summary>
    /// <param name="instanceId">The instance.</param>
    /// <param name="field">The field that does not match (as <see cref="HistoryVerification.Field"/>).</param>
    /// <param name="problem">What was found and what was expected.</param>
    public InstanceIntegrityException(Guid instanceId, string field, string problem)
        : base(CommandFailure.InstanceIntegrity, $"Instance {instanceId} does not match its history ({field}): {problem}. No command is applied to it until an operator restores it from a backup; verify its history for details.", [problem])
    {
        InstanceId = instanceId;
        Field = field;
        Problem = problem;
    }

    /// <summary>Gets the instance.</summary>
    public Guid InstanceId { get; }

    /// <summary>Gets the field that does not match, as <see cref="HistoryVerification.Field"/> names it.</summary>
    public string Field { get; }

    /// <summary>Gets what was found and what was expected.</summary>
    public string Problem { get; }
}
