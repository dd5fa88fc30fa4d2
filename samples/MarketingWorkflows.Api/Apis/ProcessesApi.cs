using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Definitions.Versions;
using MarketingWorkflows.Engine;
using MarketingWorkflows.Expressions;
using MarketingWorkflows.Storage;
using MarketingWorkflows.Yaml;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MarketingWorkflows.Api.Apis;

/// <summary>The registered process definitions: list, one version, its diagram; drafts, publishing and diffs.</summary>
internal static class ProcessesApi
{
    /// <summary>The role that may add process versions.</summary>
    public const string ProcessAdminRole = "process-admin";

    /// <summary>The name a diff uses for the draft.</summary>
    public const string Draft = "draft";

    public static void MapProcessesApi(this IEndpointRouteBuilder app)
    {
        var processes = app.MapGroup("/api/processes").WithTags("Processes").RequireAuthorization();
        processes.MapGet("/", List)
            .WithName("ListProcesses")
            .WithSummary("Lists every registered process version, with the versions of its process and how many instances run on each.");
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
        processes.MapPut("/{processId}/draft", SaveDraft)
            .Accepts<string>("application/json", "application/yaml")
            .WithName("SaveProcessDraft")
            .WithSummary("Saves the draft of a process (JSON, or YAML as application/yaml) as given, even with problems, and answers its problems; role process-admin.");
        processes.MapGet("/{processId}/draft", GetDraft)
            .WithName("GetProcessDraft")
            .WithSummary("Gets the draft of a process as it was saved (YAML or JSON).")
            .Produces<string>(StatusCodes.Status200OK, "application/yaml", "application/json")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.DraftNotFound)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
        processes.MapDelete("/{processId}/draft", DeleteDraft)
            .WithName("DeleteProcessDraft")
            .WithSummary("Deletes the draft of a process; role process-admin.")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.DraftNotFound)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
        processes.MapPost("/{processId}/draft/publish", PublishDraft)
            .WithName("PublishProcessDraft")
            .WithSummary("Publishes the draft as the next version of the process (the latest plus one, whatever version it says) and deletes it; running instances keep their version; role process-admin.")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.DraftNotFound)
            .WithProblems(StatusCodes.Status409Conflict, ApiProblemCodes.VersionConflict);
        processes.MapGet("/{processId}/diff", Diff)
            .WithName("DiffProcessVersions")
            .WithSummary("Shows what changes from one version of a process to another, or to its draft (from=1&to=draft).")
            .WithProblems(StatusCodes.Status404NotFound, ApiProblemCodes.ProcessNotFound, ApiProblemCodes.DraftNotFound)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
    }

    private static async Task<Ok<ProcessSummary[]>> List(IProcessDefinitionRegistry registry, IProcessEngine engine, CancellationToken cancellationToken)
    {
        var running = await CountRunningAsync(engine, null, cancellationToken);
        var all = registry.GetAll();
        return TypedResults.Ok(all.Select(d => ProcessSummary.From(d, Uses(all, d.Id, running))).ToArray());
    }

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

    private static async Task<Results<Created<ProcessSummary>, Ok<ProcessSummary>>> Upload(HttpContext context, IProcessDefinitionRegistry registry, IProcessEngine engine, ProcessFolder folder, GuardFunctionCatalog functions, CancellationToken cancellationToken)
    {
        ProcessAdmin.Require(context, "Adding a process version");
        var (text, yaml) = await ReadBodyAsync(context, cancellationToken);
        var result = YamlDefinitions.Loader.WithGuardFunctions(functions).Load(text, yaml ? "upload.yaml" : "upload.json");
        if (result.Definition is not { } definition)
        {
            throw new DefinitionValidationException(result.Errors);
        }

        var known = registry.TryGet(definition.Id, definition.Version, out var existing);
        if (known && existing!.ContentHash == definition.ContentHash)
        {
            return TypedResults.Ok(await SummaryAsync(existing, registry, engine, cancellationToken));
        }

        // Registering refuses a version that exists with other content; only then is the file kept.
        registry.Register(definition);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, $"{definition.Id}.v{definition.Version}{(yaml ? ".yaml" : ".json")}"), text, cancellationToken);
        return TypedResults.Created($"/api/processes/{definition.Id}/versions/{definition.Version}", await SummaryAsync(definition, registry, engine, cancellationToken));
    }

    private static async Task<Ok<DraftSaved>> SaveDraft(string processId, HttpContext context, ProcessFolder folder, TimeProvider time, CancellationToken cancellationToken)
    {
        ProcessAdmin.Require(context, "Saving a draft");
        CheckProcessId(processId);
        var (text, yaml) = await ReadBodyAsync(context, cancellationToken);
        var draft = new ProcessDraft(processId, text, yaml);
        var result = ProcessAdmin.Loader(context).Load(text, draft.FileName);

        // A draft may have any problem but one: not being a definition at all (a number, a list, nothing).
        if (string.IsNullOrWhiteSpace(text) || result.Errors.Any(e => e.Code == DefinitionErrorCodes.WrongShape && e.Path.Length == 0))
        {
            throw new RequestValidationException("The draft is not a definition.", new()
            {
                ["body"] = [$"must be a definition: a {(yaml ? "YAML mapping" : "JSON object")} with id, version, states and the rest, even if unfinished"],
            });
        }

        await new ProcessDrafts(folder).SaveAsync(processId, text, yaml, cancellationToken);
        return TypedResults.Ok(new DraftSaved(processId, time.GetUtcNow(), result.Errors));
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetDraft(string processId, ProcessFolder folder, CancellationToken cancellationToken)
    {
        CheckProcessId(processId);
        if (await new ProcessDrafts(folder).GetAsync(processId, cancellationToken) is not { } draft)
        {
            return NoDraft(processId);
        }

        return TypedResults.Text(draft.Text, draft.Yaml ? "application/yaml" : "application/json");
    }

    private static Results<NoContent, ProblemHttpResult> DeleteDraft(string processId, HttpContext context, ProcessFolder folder)
    {
        ProcessAdmin.Require(context, "Deleting a draft");
        CheckProcessId(processId);
        return new ProcessDrafts(folder).Delete(processId) ? TypedResults.NoContent() : NoDraft(processId);
    }

    private static async Task<Results<Created<ProcessSummary>, ProblemHttpResult>> PublishDraft(string processId, HttpContext context, IProcessDefinitionRegistry registry, IProcessEngine engine, ProcessFolder folder, CancellationToken cancellationToken)
    {
        ProcessAdmin.Require(context, "Publishing a draft");
        CheckProcessId(processId);
        var drafts = new ProcessDrafts(folder);
        using (await ProcessDrafts.LockAsync(cancellationToken))
        {
            if (await drafts.GetAsync(processId, cancellationToken) is not { } draft)
            {
                return NoDraft(processId);
            }

            var definition = Load(context, draft);
            if (definition.Id != processId)
            {
                throw new RequestValidationException("The draft is of another process.", new() { ["id"] = [$"is '{definition.Id}'; a draft of '{processId}' must say id: {processId}"] });
            }

            var versions = registry.GetAll().Where(d => d.Id == processId).ToList();
            var latest = versions.MaxBy(d => d.Version);
            if (latest is not null && ProcessDefinitionDiff.Compare(latest, definition).IsEmpty)
            {
                throw new RequestValidationException("The draft changes nothing.", new() { ["draft"] = [$"says the same as version {latest.Version}; change something before publishing, or delete the draft"] });
            }

            var next = (latest?.Version ?? 0) + 1;
            var (text, yaml, published) = DefinitionText.WithVersion(ProcessAdmin.Loader(context), draft.Text, draft.Yaml, definition, next);
            registry.Register(published);
            await File.WriteAllTextAsync(Path.Combine(folder.Path, $"{processId}.v{next}{(yaml ? ".yaml" : ".json")}"), text, cancellationToken);
            drafts.Delete(processId);
            return TypedResults.Created($"/api/processes/{processId}/versions/{next}", await SummaryAsync(published, registry, engine, cancellationToken));
        }
    }

    private static async Task<Results<Ok<VersionDiff>, ProblemHttpResult>> Diff(string processId, string from, string to, HttpContext context, IProcessDefinitionRegistry registry, ProcessFolder folder, CancellationToken cancellationToken)
    {
        CheckProcessId(processId);
        var checks = new RequestChecks();
        foreach (var (name, value) in (ReadOnlySpan<(string, string)>)[("from", from), ("to", to)])
        {
            if (value != Draft && !(int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0))
            {
                checks.Add(name, $"is '{(value.Length > 40 ? value[..40] + "…" : value)}'; give a version number (1 or more) or {Draft}");
            }
        }

        checks.ThrowIfAny("The diff request is not valid.");
        var sides = new ProcessDefinition[2];
        for (var i = 0; i < 2; i++)
        {
            var side = i == 0 ? from : to;
            if (side != Draft)
            {
                sides[i] = Find(registry, processId, int.Parse(side, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (await new ProcessDrafts(folder).GetAsync(processId, cancellationToken) is { } draft)
            {
                sides[i] = Load(context, draft);
            }
            else
            {
                return NoDraft(processId);
            }
        }

        var diff = ProcessDefinitionDiff.Compare(sides[0], sides[1]);
        return TypedResults.Ok(new VersionDiff(from, to, [.. diff.Changes.Select(VersionChange.From)], diff.ToText()));
    }

    private static ProcessDefinition Load(HttpContext context, ProcessDraft draft)
    {
        var result = ProcessAdmin.Loader(context).Load(draft.Text, draft.FileName);
        return result.Definition ?? throw new DefinitionValidationException(result.Errors);
    }

    private static async Task<ProcessSummary> SummaryAsync(ProcessDefinition definition, IProcessDefinitionRegistry registry, IProcessEngine engine, CancellationToken cancellationToken)
        => ProcessSummary.From(definition, Uses(registry.GetAll(), definition.Id, await CountRunningAsync(engine, definition.Id, cancellationToken)));

    private static ProcessVersionUse[] Uses(IReadOnlyList<ProcessDefinition> all, string processId, Dictionary<(string, int), int> running)
        => [.. all.Where(d => d.Id == processId).OrderBy(d => d.Version).Select(d => new ProcessVersionUse(d.Version, running.GetValueOrDefault((d.Id, d.Version))))];

    // The store's query filters by process but not by version, so the running instances are read
    // page by page and counted here: one pass over the instances that have not completed.
    private static async Task<Dictionary<(string, int), int>> CountRunningAsync(IProcessEngine engine, string? processId, CancellationToken cancellationToken)
    {
        const int Page = 500;
        var counts = new Dictionary<(string, int), int>();
        for (var skip = 0; ; skip += Page)
        {
            var page = await engine.QueryAsync(new InstanceQuery { ProcessId = processId, IncludeCompleted = false, Skip = skip, Take = Page }, cancellationToken);
            foreach (var instance in page.Items)
            {
                var key = (instance.ProcessId, instance.DefinitionVersion);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            if (page.Items.Count < Page || skip + Page >= page.Total)
            {
                return counts;
            }
        }
    }

    private static async Task<(string Text, bool Yaml)> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var yaml = context.Request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true;
        using var reader = new StreamReader(context.Request.Body);
        return (await reader.ReadToEndAsync(cancellationToken), yaml);
    }

    private static void CheckProcessId(string processId)
    {
        if (!ProcessDrafts.IsProcessId(processId))
        {
            throw new RequestValidationException("The process id is not valid.", new()
            {
                ["processId"] = [$"must be lower-case letters, digits and '-', starting with a letter, at most {ProcessDrafts.MaxProcessIdLength} characters, such as campaign-approval"],
            });
        }
    }

    private static ProblemHttpResult NoDraft(string processId)
        => TypedResults.Problem(
            detail: $"The process '{processId}' has no draft; save one with PUT /api/processes/{processId}/draft.",
            statusCode: StatusCodes.Status404NotFound,
            title: "No draft",
            extensions: new Dictionary<string, object?> { ["code"] = ApiProblemCodes.DraftNotFound });

    private static ProcessDefinition Find(IProcessDefinitionRegistry registry, string processId, int? version)
    {
        if (registry.TryGet(processId, version, out var definition))
        {
            return definition;
        }

        var known = string.Join(", ", registry.GetAll().Select(d => d.ToString()));
        var what = version is null ? $"No process '{processId}' is registered" : $"Version {version} of '{processId}' is not registered";
        throw new DefinitionNotFoundException(processId, version, $"{what}; the registered processes are {known}.");
    }
}
