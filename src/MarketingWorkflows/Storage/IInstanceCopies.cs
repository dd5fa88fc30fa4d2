using System;
using MarketingWorkflows.Instances;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A store whose every read costs a round trip to a database server offers the engine the copy
/// of an instance it last committed, so that a command can start without reading. The copy may
/// be old — another host may have changed the instance since — and the commit's version check
/// tells: the engine then reads the instance, checks it against its history, and decides again.
/// A copy the store only read is not offered: the engine has not checked it. An optional
/// capability: register it in the service collection beside the store, or pass it to the
/// <c>ProcessEngine</c> constructor.
/// </summary>
public interface IInstanceCopies
{
    /// <summary>Gets the copy of the instance this store last committed, or <see langword="null"/> (also when it has read a newer one since).</summary>
    /// <param name="instanceId">The instance.</param>
    /// <returns>The copy, or <see langword="null"/>.</returns>
    ProcessInstance? LastKnown(Guid instanceId);
}
