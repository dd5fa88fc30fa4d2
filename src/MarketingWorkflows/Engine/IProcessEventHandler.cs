using System.Threading;
using System.Threading.Tasks;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Engine;

/// <summary>
/// Receives the events of committed commands from the outbox: at least once, in order per
/// instance, retried with a growing delay when it throws, dead-lettered after
/// <see cref="MarketingWorkflowsOptions.MaxAttempts"/>. A handler's failure never undoes the
/// command. Register one with <c>AddEventHandler&lt;T&gt;()</c>.
/// </summary>
/// <remarks>
/// An event can arrive more than once (after a crash between delivery and its record, or when
/// another handler of the same event failed): use <see cref="ProcessEvent.Id"/> to tell.
/// </remarks>
public interface IProcessEventHandler
{
    /// <summary>Handles one event; throws to have it tried again later.</summary>
    /// <param name="processEvent">The event.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the event is handled.</returns>
    Task HandleAsync(ProcessEvent processEvent, CancellationToken cancellationToken);
}
