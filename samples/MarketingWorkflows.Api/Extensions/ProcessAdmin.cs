using MarketingWorkflows.Api.Apis;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Yaml;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>What the process-admin operations (versions, drafts, the studio, migrations) share: the role check and the host's definition loader.</summary>
internal static class ProcessAdmin
{
    /// <summary>Refuses the request unless the caller has the role process-admin.</summary>
    /// <param name="context">The request.</param>
    /// <param name="what">What is refused, as the start of a sentence ("Saving a draft").</param>
    public static void Require(HttpContext context, string what)
    {
        if (!context.User.IsInRole(ProcessesApi.ProcessAdminRole))
        {
            throw new ApiForbiddenException($"{what} needs the role {ProcessesApi.ProcessAdminRole}.");
        }
    }

    /// <summary>The host's loader: guards may call the guard functions registered with the engine.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The loader.</returns>
    public static ProcessDefinitionLoader Loader(HttpContext context)
        => YamlDefinitions.Loader.WithGuardFunctions(context.RequestServices.GetRequiredService<GuardFunctionCatalog>());
}
