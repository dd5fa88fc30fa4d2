namespace MarketingWorkflows.StateMachines.Graph;

/// <summary>The direction a Mermaid diagram flows in. The values are Stateless's, so stored or cast values port.</summary>
public enum MermaidGraphDirection
{
    /// <summary>Top to bottom (Mermaid's default).</summary>
    TopToBottom = 2,

    /// <summary>Bottom to top.</summary>
    BottomToTop = 3,

    /// <summary>Left to right.</summary>
    LeftToRight = 0,

    /// <summary>Right to left.</summary>
    RightToLeft = 1,
}
