using System.Globalization;
using System.Reflection;
using CsvHelper;
using MarketingWorkflows.Analytics;
using System.Text.Json;
using MarketingWorkflows.Api.Extensions;
using Microsoft.OpenApi;

namespace MarketingWorkflows.Api.Apis;

/// <summary>
/// The analytics tables under <c>/api/analytics</c>, for the roles <c>analyst</c> and
/// <c>ops-lead</c>: JSON by default, CSV with <c>?format=csv</c> or <c>Accept: text/csv</c>.
/// Every table takes <c>process</c>, <c>version</c>, <c>from</c>, <c>to</c> (ISO dates or times,
/// UTC) and data filters as <c>data.FIELD=VALUE</c>. Durations are in hours.
/// </summary>
internal static class AnalyticsApi
{
    /// <summary>The roles that may read the analytics.</summary>
    public static readonly string[] Roles = ["analyst", "ops-lead"];

    public static void MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var analytics = app.MapGroup("/api/analytics").WithTags("Analytics").RequireAuthorization();
        Map(analytics, "cycle-time", "Cycle time (start to terminal state) p50/p90/max by process and outcome.",
            (a, f, _, ct) => Rows(a.GetCycleTimesAsync(f, ct)));
        Map(analytics, "time-in-state", "Time in each state p50/p90, work in progress now, and the bottleneck ranking.",
            (a, f, _, ct) => Rows(a.GetTimeInStateAsync(f, ct)));
        Map(analytics, "turnaround", "Approval turnaround by stage, role or approver (?by=stage|role|approver).",
            (a, f, q, ct) => Rows(a.GetApprovalTurnaroundAsync(f, Parse(q, "by", TurnaroundGrouping.Stage), ct)));
        Map(analytics, "approver-queues", "Each approver's (user or role) open queue now.",
            (a, f, _, ct) => Rows(a.GetApproverQueuesAsync(f, ct)));
        Map(analytics, "sla", "Deadlines met and breached per state, escalations fired, overdue now.",
            (a, f, _, ct) => Rows(a.GetSlaAsync(f, ct)));
        Map(analytics, "rework", "Rounds per instance, send-backs and the share approved first time, by process.",
            (a, f, _, ct) => Rows(a.GetReworkAsync(f, ct)));
        Map(analytics, "throughput", "Instances started and completed per week.",
            (a, f, _, ct) => Rows(a.GetThroughputAsync(f, ct)));
        Map(analytics, "budget", "Budget planned, approved and actual with results and return on spend, for every process that declares measures (?by=DIMENSION|quarter).",
            (a, f, q, ct) => Rows(BudgetAsync(a, f, q, ct)));
    }

    private static void Map(RouteGroupBuilder group, string name, string summary, Func<IProcessAnalytics, AnalyticsFilter, IQueryCollection, CancellationToken, Task<List<Dictionary<string, object?>>>> query)
    {
        var endpoint = group.MapGet("/" + name, async (HttpContext context, IProcessAnalytics analytics, CancellationToken cancellationToken) =>
        {
            if (!Roles.Any(context.User.IsInRole))
            {
                throw new ApiForbiddenException($"The analytics need the role {string.Join(" or ", Roles)}.");
            }

            var format = context.Request.Query["format"].ToString();
            if (format.Length > 0 && !format.Equals("csv", StringComparison.OrdinalIgnoreCase) && !format.Equals("json", StringComparison.OrdinalIgnoreCase))
            {
                throw new RequestValidationException("The analytics query is not valid.", new() { ["format"] = [$"is '{format}'; it must be json or csv"] });
            }

            var filter = Filter(context.Request.Query);
            List<Dictionary<string, object?>> rows;
            try
            {
                rows = await query(analytics, filter, context.Request.Query, cancellationToken);
            }
            catch (ArgumentException e)
            {
                throw new RequestValidationException("The analytics filter is not valid.", new() { [e.ParamName ?? "filter"] = [e.Message] });
            }

            var csv = format.Equals("csv", StringComparison.OrdinalIgnoreCase)
                || context.Request.Headers.Accept.Any(a => a?.Contains("text/csv", StringComparison.OrdinalIgnoreCase) == true);
            return csv ? Csv(rows, name) : Results.Ok(rows);
        })
        .WithName("Analytics_" + name)
        .WithSummary(summary)
        .Produces<List<Dictionary<string, JsonElement>>>(StatusCodes.Status200OK, "application/json")
        .ProducesText("text/csv")
        .WithProblems(StatusCodes.Status422UnprocessableEntity, ApiProblemCodes.ValidationFailed)
        .WithQuery("process", "Only this process.")
        .WithQuery("version", "Only this version of the process.", JsonSchemaType.Integer, "int32")
        .WithQuery("from", "From this ISO date or time (UTC), such as 2026-10-01 or 2026-10-01T09:00Z.", JsonSchemaType.String, "date-time")
        .WithQuery("to", "Up to this ISO date or time (UTC).", JsonSchemaType.String, "date-time")
        .WithQuery("format", "csv for CSV (as Accept: text/csv does); JSON otherwise.", JsonSchemaType.String, null, "json", "csv");
        switch (name)
        {
            case "turnaround":
                endpoint.WithQuery("by", "Group by stage (the default), role or approver.", JsonSchemaType.String, null, "stage", "role", "approver");
                break;
            case "budget":
                endpoint.WithQuery("by", "Group by quarter (the default) or a dimension the process definitions declare.");
                break;
        }

        // data.FIELD=VALUE filters have open names, which OpenAPI cannot list; the summary says so.
        endpoint.WithDescription("Data filters: data.FIELD=VALUE, any number. Roles analyst or ops-lead.");
    }

    private static AnalyticsFilter Filter(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        int? version = null;
        if (query.TryGetValue("version", out var v))
        {
            version = int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : Error(errors, "version", $"'{v}' is not a whole number", (int?)null);
        }

        var data = query.Where(q => q.Key.StartsWith("data.", StringComparison.Ordinal)).ToDictionary(q => q.Key["data.".Length..], q => q.Value.ToString(), StringComparer.Ordinal);
        var filter = new AnalyticsFilter
        {
            ProcessId = query.TryGetValue("process", out var process) && !string.IsNullOrEmpty(process) ? process.ToString() : null,
            DefinitionVersion = version,
            From = Time(query, "from", errors),
            To = Time(query, "to", errors),
            Data = data,
        };
        return errors.Count > 0 ? throw new RequestValidationException("The analytics query is not valid.", errors) : filter;
    }

    private static DateTimeOffset? Time(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : Error(errors, name, $"'{text}' is not an ISO date or time, such as 2026-10-01 or 2026-10-01T09:00Z", (DateTimeOffset?)null);
    }

    private static T Parse<T>(IQueryCollection query, string name, T fallback)
        where T : struct, Enum
    {
        if (!query.TryGetValue(name, out var text) || string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        return Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new RequestValidationException("The analytics query is not valid.", new() { [name] = [$"'{text}' is not one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}"] });
    }

    /// <summary>Groups by <c>?by=</c>: a dimension the process definitions declare, or <c>quarter</c> (the default).</summary>
    private static async Task<IReadOnlyList<BudgetRow>> BudgetAsync(IProcessAnalytics analytics, AnalyticsFilter filter, IQueryCollection query, CancellationToken cancellationToken)
    {
        var by = query["by"].ToString();
        var grouping = by.Length == 0 || string.Equals(by, "quarter", StringComparison.OrdinalIgnoreCase) ? BudgetGrouping.Quarter : BudgetGrouping.ByDimension(by);
        try
        {
            return await analytics.GetBudgetAsync(filter, grouping, cancellationToken);
        }
        catch (ArgumentException e) when (e.ParamName == "groupBy")
        {
            throw new RequestValidationException("The analytics query is not valid.", new() { ["by"] = [e.Message] });
        }
    }

    private static T Error<T>(Dictionary<string, string[]> errors, string field, string message, T value)
    {
        errors[field] = [message];
        return value;
    }

    /// <summary>Turns rows into name/value maps: durations in hours (<c>p50Hours</c>), dates as ISO text.</summary>
    private static async Task<List<Dictionary<string, object?>>> Rows<T>(Task<IReadOnlyList<T>> rows)
    {
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        return [.. (await rows).Select(row => properties.ToDictionary(
            p => p.PropertyType == typeof(TimeSpan) ? Camel(p.Name) + "Hours" : Camel(p.Name),
            p => p.GetValue(row) switch
            {
                TimeSpan span => Math.Round(span.TotalHours, 3),
                DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DateTimeOffset time => time.ToString("O", CultureInfo.InvariantCulture),
                double share => Math.Round(share, 4),
                var value => value,
            }))];
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static IResult Csv(List<Dictionary<string, object?>> rows, string name)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, options: null, leaveOpen: true))
        {
            var columns = rows.FirstOrDefault()?.Keys.ToList() ?? [];
            foreach (var column in columns)
            {
                csv.WriteField(column);
            }

            csv.EndRecord();
            foreach (var row in rows)
            {
                foreach (var column in columns)
                {
                    csv.WriteField(row[column] is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : row[column]?.ToString() ?? string.Empty);
                }

                csv.EndRecord();
            }

            csv.Flush();
        }

        return Results.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), "text/csv; charset=utf-8", $"{name}.csv");
    }
}
