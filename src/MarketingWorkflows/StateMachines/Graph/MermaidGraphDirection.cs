namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>The direction a Mermaid diagram flows in.</summary>
public enum MermaidGraphDirection
{
    /// <summary>Top to bottom (Mermaid's default).</summary>
    TopToBottom,

    /// <summary>Bottom to top.</summary>
    BottomToTop,

    /// <summary>Left to right.</summary>
    LeftToRight,

    /// <summary>Right to left.</summary>
    RightToLeft,
}
