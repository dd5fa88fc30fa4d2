using System.Text.Json;
using MarketingWorkflows.Api.Extensions;
using MarketingWorkflows.Definitions;
using MarketingWorkflows.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Apis;

/// <summary>
/// The studio's checks of a definition being written: validation with located errors and the
/// diagram, and a dry run of steps against it. Both read the text with the same loader as an
/// upload, and the dry run decides each step with the engine's own decision core; nothing is
/// stored. Role process-admin.
/// </summary>
internal static class StudioApi
{
    public static void MapStudioApi(this IEndpointRouteBuilder app)
    {
        var studio = app.MapGroup("/api/processes").WithTags("Studio").RequireAuthorization();
        studio.MapPost("/validate", Validate)
            .Accepts<string>("application/json", "application/yaml")
            .WithName("ValidateProcessDefinition")
            .WithSummary("Validates a definition text (YAML as application/yaml, or JSON): its located errors, or its Mermaid diagram; role process-admin.")
            .WithProblems(StatusCodes.Status403Forbidden, ApiProblemCodes.Forbidden)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
        studio.MapPost("/dry-run", DryRunSteps)
            .WithName("DryRunProcessDefinition")
            .WithSummary("Dry-runs steps (the mwf simulate format) against a definition text with the engine's own rules; nothing is stored; role process-admin.")
            .WithProblems(StatusCodes.Status403Forbidden, ApiProblemCodes.Forbidden)
            .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed);
    }

    private static async Task<Ok<DefinitionCheck>> Validate(HttpContext context, CancellationToken cancellationToken)
    {
        ProcessAdmin.Require(context, "Validating a definition");
        var yaml = context.Request.ContentType?.Contains("yaml", StringComparison.OrdinalIgnoreCase) == true;
        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(cancellationToken);
        RequireDocument(text, yaml, "body");

        var result = ProcessAdmin.Loader(context).Load(text, yaml ? "definition.yaml" : "definition.json");
        return TypedResults.Ok(result.Definition is { } definition
            ? new DefinitionCheck(true, [], ProcessDiagram.ToMermaid(definition))
            : new DefinitionCheck(false, [.. result.Errors.Select(DefinitionProblem.From)], null));
    }

    private static Ok<DryRunReport> DryRunSteps(DryRunRequest request, HttpContext context, IProcessDefinitionRegistry registry, IOptions<MarketingWorkflowsOptions> options, TimeProvider time)
    {
        ProcessAdmin.Require(context, "A dry run");
        var checks = new RequestChecks();
        if (string.IsNullOrWhiteSpace(request.Definition))
        {
            checks.Add("definition", "is required: the definition's YAML or JSON text");
        }

        if (string.IsNullOrWhiteSpace(request.Steps))
        {
            checks.Add("steps", $"is required: one step per line, such as '{ProcessDryRun.StepSyntax}' or 'after 3d'");
        }

        if (request.Data is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            checks.Add("data", "must be a JSON object: the instance's data");
        }

        checks.ThrowIfAny("The dry run needs a definition and steps.");
        var result = ProcessAdmin.Loader(context).Load(request.Definition, "definition.yaml");
        if (result.Definition is not { } definition)
        {
            throw new DefinitionValidationException(result.Errors);
        }

        var data = request.Data is { ValueKind: JsonValueKind.Object } given ? given : EmptyObject;
        var dataErrors = definition.ValidateData(data);
        foreach (var error in dataErrors)
        {
            checks.Add("data", error.ToString());
        }

        checks.ThrowIfAny("The dry run cannot start: the data is not valid.");
        ProcessDryRunResult run;
        try
        {
            run = ProcessDryRun.Run(definition, request.Steps, new ProcessDryRunOptions
            {
                Data = data,
                StartAt = request.Now ?? time.GetUtcNow(),
                Managers = request.Managers,
                Definitions = registry,
                EngineOptions = options.Value,
            });
        }
        catch (ProcessDryRunException ex)
        {
            throw new RequestValidationException("The dry run cannot go on: the steps are not valid.", new() { ["steps"] = [.. ex.Problems] });
        }

        var outcomes = run.Steps.Select(DryRunStepResult.Of).ToList();
        var metOrNot = outcomes.Where(o => o.Expected is not null).ToList();
        return TypedResults.Ok(new DryRunReport(
            run.ProcessId,
            run.Version,
            run.StartedAt,
            run.EndedAt,
            run.InitialState,
            run.FinalState,
            run.Finished,
            outcomes,
            outcomes.Count(o => o.Accepted),
            outcomes.Count(o => !o.Accepted),
            metOrNot.Count(o => o.MetExpectation),
            metOrNot.Count(o => !o.MetExpectation),
            [.. run.History.Select(DryRunHistoryLine.From)]));
    }

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    // A body that is no document at all (nothing, or JSON that is not an object) is the request's
    // fault; any document, however broken, is answered with its located errors.
    private static void RequireDocument(string text, bool yaml, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new RequestValidationException("Send the definition to validate.", new() { [field] = ["is empty: send the definition's YAML (application/yaml) or JSON text"] });
        }

        if (yaml)
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new RequestValidationException("The body is not a definition.", new() { [field] = [$"is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}; a definition is a JSON object (or YAML text sent as application/yaml)"] });
            }
        }
        catch (JsonException)
        {
            // Broken JSON is a document with errors: the loader locates them.
        }
    }
}
