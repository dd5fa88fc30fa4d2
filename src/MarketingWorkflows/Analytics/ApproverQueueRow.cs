using System;

namespace MarketingWorkflows.Analytics;

/// <summary>One approver's open queue.</summary>
/// <param name="Kind"><c>user</c> or <c>role</c>.</param>
/// <param name="Name">The user id or role.</param>
/// <param name="Instances">How many open instances wait on them now.</param>
/// <param name="OldestWaitingSince">When the longest-waiting of them entered its current state.</param>
public sealed record ApproverQueueRow(string Kind, string Name, int Instances, DateTimeOffset OldestWaitingSince);
