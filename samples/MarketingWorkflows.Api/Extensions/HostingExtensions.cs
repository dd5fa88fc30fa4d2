using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using MarketingWorkflows.Api.Webhooks;
using MarketingWorkflows.Yaml;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace MarketingWorkflows.Api.Extensions;

/// <summary>The host's services and request pipeline.</summary>
internal static class HostingExtensions
{
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateOnStart()
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.RequestsPerMinutePerUser > 0, "Api:MaxRequestBodyBytes and Api:RequestsPerMinutePerUser must be positive.")
            .Validate(o => o.ValidatedTokenLifetime >= TimeSpan.Zero, "Api:ValidatedTokenLifetime must not be negative (00:00:00 turns the cache of validated tokens off).");
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();

        var api = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
        var processes = Path.Combine(builder.Environment.ContentRootPath, api.ProcessesFolder);
        Directory.CreateDirectory(processes);
        var workflows = services.AddMarketingWorkflows(o => builder.Configuration.GetSection("MarketingWorkflows").Bind(o))
            .AddBuiltInProcesses()
            .AddRegionalBudgets(builder.Configuration)
            .AddProcessesFromDirectory(processes, YamlDefinitions.Loader);
        services.AddSingleton(new ProcessFolder(processes));
        switch (storage.Provider.ToUpperInvariant())
        {
            case "SQLITE":
                workflows.UseSqlite(storage.Sqlite, o =>
                {
                    o.MaxPageCount = storage.SqliteMaxPageCount;
                    o.IndexedDataFields = storage.IndexedDataFields;
                    o.CachedInstances = storage.CachedInstances ?? o.CachedInstances;
                });
                services.AddSingleton(new WebhookStore(Microsoft.Data.Sqlite.SqliteFactory.Instance, storage.Sqlite, TimeProvider.System, storage.SqliteMaxPageCount));
                break;
            case "POSTGRESQL":
                if (string.IsNullOrWhiteSpace(storage.PostgreSql))
                {
                    throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), ["Storage:Provider is PostgreSql, so Storage:PostgreSql must hold a connection string."]);
                }

                workflows.UsePostgreSql(storage.PostgreSql, o =>
                {
                    o.IndexedDataFields = storage.IndexedDataFields;
                    o.CachedInstances = storage.CachedInstances ?? o.CachedInstances;
                });
                services.AddSingleton(new WebhookStore(Npgsql.NpgsqlFactory.Instance, storage.PostgreSql, TimeProvider.System));
                break;
            default:
                throw new OptionsValidationException(StorageOptions.Section, typeof(StorageOptions), [$"Storage:Provider is '{storage.Provider}'; it must be Sqlite or PostgreSql."]);
        }

        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());

            // A body without a required field, or with null where the field cannot be null, is refused
            // while it is read (422 naming the field) rather than reaching the engine half-filled.
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.RespectNullableAnnotations = true;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Problems the framework writes (401, 404 for a route, 405) get a code too.
            if (!context.ProblemDetails.Extensions.ContainsKey("code"))
            {
                context.ProblemDetails.Extensions["code"] = context.ProblemDetails.Status switch
                {
                    StatusCodes.Status401Unauthorized => ApiProblemCodes.Unauthorized,
                    StatusCodes.Status403Forbidden => ApiProblemCodes.Forbidden,
                    StatusCodes.Status404NotFound => "not-found",
                    StatusCodes.Status405MethodNotAllowed => "method-not-allowed",
                    StatusCodes.Status415UnsupportedMediaType => ApiProblemCodes.UnsupportedMediaType,
                    StatusCodes.Status429TooManyRequests => ApiProblemCodes.TooManyRequests,
                    _ => "error",
                };
            }
        });
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters.NameClaimType = Caller.UserIdClaim;
            o.TokenValidationParameters.RoleClaimType = Caller.RoleClaim;
            o.Events = ValidatedTokens.Events();
        });
        services.AddSingleton<ValidatedTokens>();
        services.AddAuthorization();
        if (builder.Environment.IsDevelopment())
        {
            services.AddSingleton<DemoTokens>();
            services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, DemoTokens.TrustDemoKey>();
        }

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.RequestsPerMinutePerUser;
                var who = context.User.FindFirst(Caller.UserIdClaim)?.Value ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
                return RateLimitPartition.GetFixedWindowLimiter(who, _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = TimeSpan.FromMinutes(1) });
            });
            o.OnRejected = async (context, cancellationToken) =>
            {
                var problem = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests", Detail = "Wait a minute and try again." };
                problem.Extensions["code"] = ApiProblemCodes.TooManyRequests;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
            };
        });

        if (api.SeedDemo)
        {
            services.AddHostedService<DemoSeeder>();
        }

        services.AddWebhooks();

        // One instance, so that its probe result is shared by every request for a second.
        services.AddSingleton<StoreHealthCheck>();
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", tags: ["ready"]);
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer<OpenApiContract>();
            o.AddOperationTransformer<OpenApiContract>();
        });
    }

    public static void UseApplicationPipeline(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The operator page: plain files, served at /.
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.Use(LimitBodySize);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }

    public static void MapHealthEndpoints(this WebApplication app)
    {
        // Liveness: the process answers, whatever the store does (restarting it would not make
        // room on a disk). Readiness: a write commits, so a load balancer stops sending requests
        // to a host whose store is full or unreachable, and sends them again once it is not.
        app.MapHealthChecks("/healthz", new() { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/readyz", new() { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = StoreHealthCheck.WriteAsync }).WithTags("Health");
    }

    private static Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            throw new BadHttpRequestException($"The body is {context.Request.ContentLength:N0} bytes; this host accepts at most {limit:N0}.", StatusCodes.Status413PayloadTooLarge);
        }

        return next(context);
    }
}
