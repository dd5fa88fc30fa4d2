namespace MarketingWorkflows.Definitions;

/// <summary>The stable error codes of process definitions. Guard expression errors keep their own codes (MWF301-MWF309).</summary>
public static class DefinitionErrorCodes
{
    /// <summary>The file cannot be read, or is not well-formed YAML or JSON.</summary>
    public const string Syntax = "MWF101";

    /// <summary>A key is not part of the format (often a typo).</summary>
    public const string UnknownKey = "MWF102";

    /// <summary>A value has the wrong shape: a list where a text was expected, and so on.</summary>
    public const string WrongShape = "MWF103";

    /// <summary>A required key is missing.</summary>
    public const string Missing = "MWF104";

    /// <summary>A value is not allowed: a bad name, a bad duration, a number out of range.</summary>
    public const string InvalidValue = "MWF105";

    /// <summary>A state is referred to but not defined.</summary>
    public const string UnknownState = "MWF201";

    /// <summary>A trigger is referred to but not defined.</summary>
    public const string UnknownTrigger = "MWF202";

    /// <summary>A name is defined twice.</summary>
    public const string Duplicate = "MWF203";

    /// <summary>There is no initial state, or more than one.</summary>
    public const string InitialState = "MWF204";

    /// <summary>A state can never be reached from the initial state.</summary>
    public const string Unreachable = "MWF205";

    /// <summary>A state that is not terminal has no way out.</summary>
    public const string DeadEnd = "MWF206";

    /// <summary>A terminal state has transitions, an approval stage or children.</summary>
    public const string TerminalWithExits = "MWF207";

    /// <summary>Two transitions for one trigger in one state can both apply.</summary>
    public const string Ambiguous = "MWF208";

    /// <summary>An approval stage has no approvers and no fallback role.</summary>
    public const string NoApprovers = "MWF209";

    /// <summary>An approval rule needs more approvers than the stage lists.</summary>
    public const string QuorumTooLarge = "MWF210";

    /// <summary>Checklist items depend on each other in a cycle.</summary>
    public const string DependencyCycle = "MWF211";

    /// <summary>A terminal state has a deadline.</summary>
    public const string DeadlineOnTerminal = "MWF212";

    /// <summary>A field's default value does not satisfy the field's own schema.</summary>
    public const string InvalidDefault = "MWF213";

    /// <summary>The state hierarchy is wrong: a cycle, or an initial child that is not a child.</summary>
    public const string Hierarchy = "MWF214";

    /// <summary>A checklist item is referred to but not defined.</summary>
    public const string UnknownChecklistItem = "MWF215";

    /// <summary>A deadline's timeout trigger has no transition from its state.</summary>
    public const string TimeoutGoesNowhere = "MWF216";

    /// <summary>A registered id and version already has different content.</summary>
    public const string VersionConflict = "MWF217";

    /// <summary>The owner or a measure names a data field that is not declared under <c>data</c>.</summary>
    public const string UnknownField = "MWF218";

    /// <summary>The owner or a measure names a data field of the wrong type (a budget that is not money, and so on).</summary>
    public const string WrongFieldType = "MWF219";
}
