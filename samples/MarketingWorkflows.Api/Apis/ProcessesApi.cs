using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Yaml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketingWorkflows.Api.Apis;

/// <summary>The registered process definitions: list, one version, its diagram.</summary>
internal static class ProcessesApi
{
    /// <summary>The role that may add process versions.</summary>
    public const string ProcessAdminRole = "process-admin";

    public static void MapProcessesApi(this IEndpointRouteBuilder app)
    {
        var processes = app.MapGroup("/api/processes").WithTags("Processes").RequireAuthorization();
        processes.MapGet("/", List)
            .WithName("ListProcesses")
            .WithSummary("Lists every registered process version.");
        processes.MapGet("/{processId}/versions/{version:int}", Get)
            .WithName("GetProcessVersion")
            .WithSummary("Gets one version of a process definition, in the file format.")
            .Produces<System.Text.Json.JsonElement>(StatusCodes.Status200OK, "application/json")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.ProcessNotFound);
        processes.MapPost("/", Upload)
            .Accepts<string>("application/json", "application/yaml")
            .WithName("UploadProcessVersion")
            .WithSummary("Adds a process definition version (JSON, or YAML as application/yaml); validated first; role process-admin.")
            .WithProblems(StatusCodes.Status409Conflict, ApiProblemCodes.VersionConflict);
        processes.MapGet("/{processId}/diagram", Diagram)
            .WithName("GetProcessDiagram")
            .WithSummary("Draws the latest (or a given) version as Mermaid (default) or Graphviz DOT.")
            .Produces<string>(StatusCodes.Status200OK, "text/vnd.mermaid", "text/vnd.graphviz")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.ProcessNotFound)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
    }

    private static Ok<ProcessSummary[]> List(IProcessDefinitionRegistry registry)
        => TypedResults.Ok(registry.GetAll().Select(ProcessSummary.From).ToArray());

    private static ContentHttpResult Get(string processId, int version, IProcessDefinitionRegistry registry)
        => TypedResults.Text(Find(registry, processId, version).ToJson(), "application/json");

    private static ContentHttpResult Diagram(string processId, IProcessDefinitionRegistry registry, int? version = null, string format = "mermaid")
    {
        var definition = Find(registry, processId, version);
        return format.ToUpperInvariant() switch
        {
            "MERMAID" => TypedResults.Text(ProcessDiagram.ToMermaid(definition), "text/vnd.mermaid"),
            "DOT" => TypedResults.Text(ProcessDiagram.ToDot(definition), "text/vnd.graphviz"),
            _ => throw new RequestValidationException("The diagram request is not valid.", new() { ["format"] = [$"is '{format}'; it must be mermaid or dot"] }),
        };
    }

    private static async Task<Results<Created<ProcessSummary>, Ok<ProcessSummary>>> Upload(HttpContext context, IProcessDefinitionRegistry registry, ProcessFolder folder, GuardFunctionCatalog functions, CancellationToken cancellationToken)
    {
        if (!context.User.IsInRole(ProcessAdminRole))
        {
            throw new ApiForbiddenException($"Adding a process version needs the role {ProcessAdminRole}.");
        }

        var yaml = context.Request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var result = YamlDefinitions.Loader.WithGuardFunctions(functions).Load(text, yaml ? "upload.yaml" : "upload.json");
        if (result.Definition is not { } definition)
        {
            throw new DefinitionValidationException(result.Errors);
        }

        var known = registry.TryGet(definition.Id, definition.Version, out var existing);
        if (known && existing!.ContentHash == definition.ContentHash)
        {
            return TypedResults.Ok(ProcessSummary.From(existing));
        }

        // Registering refuses a version that exists with other content; only then is the file kept.
        registry.Register(definition);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, $"{definition.Id}.v{definition.Version}{(yaml ? ".yaml" : ".json")}"), text, cancellationToken);
        return TypedResults.Created($"/api/processes/{definition.Id}/versions/{definition.Version}", ProcessSummary.From(definition));
    }

    private static ProcessDefinition Find(IProcessDefinitionRegistry registry, string processId, int? version)
    {
        if (registry.TryGet(processId, version, out var definition))
        {
            return definition;
        }

        var known = string.Join(", ", registry.GetAll().Select(d => d.ToString()));
        var what = version is null ? $"No process '{processId}' is registered" : $"Version {version} of '{processId}' is not registered";
        throw new Engine.DefinitionNotFoundException(processId, version, $"{what}; the registered processes are {known}.");
    }
}

/// <summary>A process version, in a list.</summary>
/// <param name="Id">The process id.</param>
/// <param name="Version">The version.</param>
/// <param name="Title">The title.</param>
/// <param name="Description">What it is for.</param>
/// <param name="States">The state names.</param>
/// <param name="Triggers">The trigger names.</param>
internal sealed record ProcessSummary(string Id, int Version, string? Title, string? Description, IReadOnlyList<string> States, IReadOnlyList<string> Triggers)
{
    public static ProcessSummary From(ProcessDefinition d)
        => new(d.Id, d.Version, d.Title, d.Description, [.. d.States.Select(s => s.Name)], [.. d.Triggers.Select(t => t.Name)]);
}
