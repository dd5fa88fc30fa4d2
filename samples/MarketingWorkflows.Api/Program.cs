using MarketingWorkflows.Api.Apis;
using MarketingWorkflows.Api.Extensions;
using Scalar.AspNetCore;

// --seed-demo adds demo campaigns when the store has none (the same as Api:SeedDemo=true).
var builder = WebApplication.CreateBuilder([.. args.Where(a => a != "--seed-demo")]);
if (args.Contains("--seed-demo"))
{
    builder.Configuration["Api:SeedDemo"] = "true";
}

builder.AddApplicationServices();

var app = builder.Build();
app.UseApplicationPipeline();

app.MapHealthEndpoints();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    // The API reference page, read from /openapi/v1.json: /scalar.
    app.MapScalarApiReference();
}

app.MapProcessesApi();
app.MapStudioApi();
app.MapInstancesApi();
app.MapWebhooksApi();
app.MapAnalyticsApi();
app.MapDemoSignInApi();
app.MapDelegationsApi();
app.MapMigrationsApi();

app.Run();

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
