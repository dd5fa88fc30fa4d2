using MarketingWorkflows.Api.Apis;
using MarketingWorkflows.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.AddApplicationServices();

var app = builder.Build();
app.UseApplicationPipeline();

app.MapHealthEndpoints();
app.MapOpenApi();
app.MapProcessesApi();
app.MapInstancesApi();
app.MapDemoSignInApi();

app.Run();

/// <summary>The host's entry point, visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
