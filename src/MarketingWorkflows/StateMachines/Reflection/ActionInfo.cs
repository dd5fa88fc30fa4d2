namespace MarketingWorkflows.StateMachines.Reflection;

/// <summary>Describes an entry action.</summary>
public class ActionInfo
{
    /// <summary>Creates the description of an entry action.</summary>
    /// <param name="method">The action.</param>
    /// <param name="fromTrigger">The trigger it is limited to, or <see langword="null"/>.</param>
    public ActionInfo(InvocationInfo method, string? fromTrigger)
    {
        Method = method;
        FromTrigger = fromTrigger;
    }

    /// <summary>Gets the action.</summary>
    public InvocationInfo Method { get; }

    /// <summary>Gets the trigger the action is limited to (OnEntryFrom), or <see langword="null"/>.</summary>
    public string? FromTrigger { get; }
}
