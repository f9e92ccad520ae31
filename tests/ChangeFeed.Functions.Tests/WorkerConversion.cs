using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Converters;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChangeFeed.Functions.Tests;

/// <summary>
/// Binds a trigger payload to a parameter type the way the isolated worker does for a binding attribute that names no
/// converter (the Cosmos DB trigger names none): the worker's own converters, as registered in
/// <see cref="WorkerOptions.InputConverters"/> of the Function App, tried in order; the first that handles it wins.
/// </summary>
internal static class WorkerConversion
{
    public static async Task<ConversionResult> ConvertAsync(IServiceProvider services, object source, Type targetType)
    {
        var options = services.GetRequiredService<IOptions<WorkerOptions>>().Value;
        var context = new Context(targetType, source);
        foreach (var converterType in options.InputConverters)
        {
            var converter = (IInputConverter)ActivatorUtilities.GetServiceOrCreateInstance(services, converterType);
            var result = await converter.ConvertAsync(context);
            if (result.Status != ConversionStatus.Unhandled)
                return result;
        }

        return ConversionResult.Unhandled();
    }

    /// <summary>The type of the function's Cosmos DB trigger parameter.</summary>
    public static Type TriggerParameterType(string function) =>
        typeof(RelayFunctions).GetMethod(function)!.GetParameters()
            .Single(parameter => parameter.GetCustomAttributes(typeof(CosmosDBTriggerAttribute), inherit: false).Length > 0)
            .ParameterType;

    private sealed class Context(Type targetType, object source) : ConverterContext
    {
        public override Type TargetType => targetType;

        public override object? Source => source;

        // No converter the worker registers reads it for these target types; a trigger gives no more to go on.
        public override FunctionContext FunctionContext => null!;

        public override IReadOnlyDictionary<string, object> Properties { get; } = new Dictionary<string, object>();
    }
}
