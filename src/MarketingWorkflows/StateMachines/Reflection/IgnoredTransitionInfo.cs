using System.Collections.Generic;

namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes a trigger ignored in a state.</summary>
public class IgnoredTransitionInfo : TransitionInfo
{
    internal IgnoredTransitionInfo(TriggerInfo trigger, IEnumerable<InvocationInfo> guards)
        : base(trigger, guards, isInternal: false)
    {
    }
}
