namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Configures MarketingWorkflows: processes and the store hang off it as extension methods.</summary>
public interface IMarketingWorkflowsBuilder
{
    /// <summary>Gets the service collection.</summary>
    IServiceCollection Services { get; }
}
