// The platform's limit for the load run: a bare Kestrel app with the host's two routes that
// answers with JSON of the same size as the host's, without auth, engine or store.
using System.Text.Json;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var instance = JsonSerializer.SerializeToUtf8Bytes(new
{
    id = Guid.Empty,
    processId = "campaign-approval",
    definitionVersion = 1,
    state = "BudgetReview",
    data = new { name = "Load run campaign", owner = "ana", budget = new { amount = 20000, currency = "EUR" }, regions = new[] { "US" }, channels = new[] { "social" }, audience = "business" },
    version = 2,
    dataRevision = 1,
    round = 1,
    createdBy = "ana",
    createdAt = DateTimeOffset.UnixEpoch,
    updatedAt = DateTimeOffset.UnixEpoch,
    stateEnteredAt = DateTimeOffset.UnixEpoch,
    dueAt = DateTimeOffset.UnixEpoch,
    submitter = "ana",
    isCompleted = false,
    decisions = Array.Empty<object>(),
    awaitingUsers = Array.Empty<string>(),
    awaitingRoles = new[] { "finance" },
    checklist = Array.Empty<object>(),
    links = Array.Empty<object>(),
    historyHead = new string('0', 64),
    historyCount = 2,
});

app.MapGet("/api/instances/{id:guid}", (Guid id) => Results.Bytes(instance, "application/json"));
app.MapPost("/api/instances/{id:guid}/triggers/{trigger}", async (Guid id, string trigger, HttpRequest request) =>
{
    using var reader = new StreamReader(request.Body);
    await reader.ReadToEndAsync();
    return Results.Bytes(instance, "application/json");
});
app.Run();
