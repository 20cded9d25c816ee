using System.Reflection;
using System.Reflection.Emit;
using ContentHelper.Api.Articles;

namespace ContentHelper.Tests.Platform;

/// <summary>
/// The API's features depend on each other in one direction only (docs/architecture.md): no two features use each
/// other, directly or round a longer loop. Read from the compiled code — every type a feature's types name in their
/// signatures or use in their method bodies — so a fully qualified name or a lambda cannot hide a dependency.
/// Data (the DbContext knows every entity) and Platform (errors, limits, health) are infrastructure every feature uses.
/// </summary>
public sealed class FeatureBoundaryTests
{
    static readonly string[] Infrastructure = ["Data", "Platform"];
    const string Root = "ContentHelper.Api.";

    [Fact]
    public void NoFeatureDependsOnAnotherThatDependsOnItBack()
    {
        var graph = FeatureGraph();

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"features depend on each other in a loop: {string.Join(" → ", cycle ?? [])}\n{Describe(graph)}");
    }

    [Fact]
    public void TheGraphSeesACrossFeatureCallInAMethodBody()
    {
        // The suggestion pipeline calls the article parser inside a method body only: the reader must find it.
        var graph = FeatureGraph();

        Assert.Contains("Articles", graph["Suggestions"]);
        Assert.Contains("Matching", graph["Suggestions"]);
        Assert.DoesNotContain("Suggestions", graph["Articles"]);
    }

    /// <summary>Feature → the features its types use (infrastructure left out).</summary>
    static Dictionary<string, HashSet<string>> FeatureGraph()
    {
        var graph = new Dictionary<string, HashSet<string>>();
        foreach (var type in typeof(ArticleParser).Assembly.GetTypes())
        {
            if (Feature(type) is not { } from || Infrastructure.Contains(from)) continue;
            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = [];
            foreach (var used in UsedTypes(type))
                if (Feature(used) is { } to && to != from && !Infrastructure.Contains(to)) uses.Add(to);
        }
        return graph;
    }

    static string? Feature(Type type)
    {
        var ns = (type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type).Namespace ?? "";
        if (!ns.StartsWith(Root, StringComparison.Ordinal)) return null;
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    const BindingFlags Everything = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    static IEnumerable<Type> UsedTypes(Type type)
    {
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null) return;
            if (t.HasElementType) { Add(t.GetElementType()); return; }
            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition) foreach (var arg in t.GetGenericArguments()) Add(arg);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(Everything)) Add(f.FieldType);
        foreach (var p in type.GetProperties(Everything)) Add(p.PropertyType);
        foreach (var m in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            foreach (var local in m.GetMethodBody()?.LocalVariables ?? []) Add(local.LocalType);
            foreach (var member in BodyMembers(m))
                switch (member)
                {
                    case Type t: Add(t); break;
                    case MemberInfo mem: Add(mem.DeclaringType); break;
                }
        }
        return found;
    }

    // Operand sizes of every IL opcode, read once from System.Reflection.Emit's table.
    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types, methods and fields a method body's instructions name.</summary>
    static IEnumerable<object> BodyMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArgs, methodArgs); }
                    catch (ArgumentException) { } // a token of a generic context this reader does not rebuild
                    if (member is not null) yield return member;
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                default: i += 4; break;
            }
        }
    }

    static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var state = new Dictionary<string, int>(); // 1 visiting, 2 done
        var path = new List<string>();
        List<string>? Visit(string node)
        {
            if (state.GetValueOrDefault(node) == 2) return null;
            if (state.GetValueOrDefault(node) == 1) return [.. path.SkipWhile(n => n != node), node];
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? []) if (Visit(next) is { } cycle) return cycle;
            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal)) if (Visit(node) is { } cycle) return cycle;
        return null;
    }

    static string Describe(Dictionary<string, HashSet<string>> graph) =>
        string.Join("\n", graph.OrderBy(g => g.Key).Select(g => $"{g.Key} → {string.Join(", ", g.Value.Order())}"));
}
