using System;
using MarketingWorkflows.Engine;

namespace MarketingWorkflows.Storage;

/// <summary>
/// A store whose every read costs a round trip to a database server offers the engine the copy
/// of an instance it last read or committed, so that a command can start without reading. The
/// copy may be old — another host may have changed the instance since — and the commit's version
/// check tells: the engine then reads the instance and decides again.
/// </summary>
internal interface IInstanceCopies
{
    /// <summary>Gets the copy of the instance this store last read or committed, or <see langword="null"/>.</summary>
    ProcessInstance? LastKnown(Guid instanceId);
}
