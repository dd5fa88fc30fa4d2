using System.Reflection;
using System.Text;
using MarketingWorkflows.StateMachines;

namespace MarketingWorkflows.Tests.PublicApi;

/// <summary>
/// Lists each shipped package's public surface and compares it with the checked-in
/// PublicApi/{package}.txt, so every change to it shows in review. After an intended
/// change, run the tests with MWF_ACCEPT_PUBLIC_API=1 to rewrite the file, and commit it.
/// </summary>
public class PublicApiTests
{
    [Theory]
    [InlineData("MarketingWorkflows")]
    [InlineData("MarketingWorkflows.Yaml")]
    [InlineData("MarketingWorkflows.Sqlite")]
    [InlineData("MarketingWorkflows.PostgreSql")]
    public void Public_api_matches_the_approved_listing(string package)
    {
        var assembly = package switch
        {
            "MarketingWorkflows" => typeof(StateMachine<,>).Assembly,
            "MarketingWorkflows.Yaml" => typeof(MarketingWorkflows.Yaml.YamlDefinitions).Assembly,
            "MarketingWorkflows.PostgreSql" => typeof(MarketingWorkflows.PostgreSql.PostgreSqlProcessStore).Assembly,
            _ => typeof(MarketingWorkflows.Sqlite.SqliteProcessStore).Assembly,
        };
        var actual = Describe(assembly);
        var path = Path.Combine(SourceDirectory(), "PublicApi", package + ".txt");

        if (Environment.GetEnvironmentVariable("MWF_ACCEPT_PUBLIC_API") == "1")
        {
            File.WriteAllText(path, actual);
        }

        File.Exists(path).Should().BeTrue("the approved listing {0} must be checked in", path);
        actual.Should().Be(File.ReadAllText(path), "the public API changed; if intended, accept it with MWF_ACCEPT_PUBLIC_API=1 and commit the listing");
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add(Kind(type) + " " + Name(type) + Bases(type));
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var members = type.GetMembers(flags)
                .Where(m => m is not MethodInfo { IsSpecialName: true } && m is not Type)
                .Select(m => "  " + Member(m))
                .OrderBy(m => m, StringComparer.Ordinal);
            lines.AddRange(members);
        }

        return string.Join("\n", lines) + "\n";
    }

    private static string Kind(Type type)
        => type.IsEnum ? "enum"
            : type.IsInterface ? "interface"
            : type.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate"
            : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class"
            : type.IsSealed ? "sealed class"
            : "class";

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum))
        {
            bases.Add(Name(b));
        }

        if (!type.IsEnum)
        {
            bases.AddRange(type.GetInterfaces().Select(Name).OrderBy(n => n, StringComparer.Ordinal));
        }
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Member(MemberInfo member) => member switch
    {
        ConstructorInfo c => "ctor(" + Parameters(c.GetParameters()) + ")",
        MethodInfo m => (m.IsStatic ? "static " : string.Empty) + Name(m.ReturnType) + " " + m.Name
            + (m.IsGenericMethod ? "<" + string.Join(", ", m.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty)
            + "(" + Parameters(m.GetParameters()) + ")",
        PropertyInfo p => Name(p.PropertyType) + " " + p.Name + " {" + (p.GetMethod?.IsPublic == true ? " get;" : string.Empty) + (p.SetMethod?.IsPublic == true ? " set;" : string.Empty) + " }",
        FieldInfo f => (f.IsStatic ? "static " : string.Empty) + (f.IsLiteral ? "const " : f.IsInitOnly ? "readonly " : string.Empty) + Name(f.FieldType) + " " + f.Name,
        EventInfo e => "event " + Name(e.EventHandlerType!) + " " + e.Name,
        _ => member.ToString()!,
    };

    private static string Parameters(ParameterInfo[] parameters)
        => string.Join(", ", parameters.Select(p =>
            (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : string.Empty)
            + (p.IsOut ? "out " : p.ParameterType.IsByRef ? "ref " : string.Empty)
            + Name(p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType) + " " + p.Name
            + (p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : string.Empty)));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        var name = new StringBuilder();
        if (type.IsNested && !type.IsGenericParameter)
        {
            name.Append(Name(type.DeclaringType!.IsGenericTypeDefinition && type.IsConstructedGenericType ? type.DeclaringType : type.DeclaringType)).Append('.');
        }
        else if (type.Namespace is not null)
        {
            name.Append(type.Namespace).Append('.');
        }

        var simple = type.Name;
        var tick = simple.IndexOf('`');
        name.Append(tick >= 0 ? simple[..tick] : simple);
        var own = type.GetGenericArguments().Skip(type.IsNested ? type.DeclaringType!.GetGenericArguments().Length : 0).ToArray();
        if (own.Length > 0)
        {
            name.Append('<').Append(string.Join(", ", own.Select(Name))).Append('>');
        }

        return name.ToString();
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.GetDirectoryName(Path.GetDirectoryName(path))!;
}
