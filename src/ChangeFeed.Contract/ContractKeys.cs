using System.Text;

namespace ChangeFeed.Contract;

/// <summary>Names in the contract's maps, which AsyncAPI limits to letters, digits, '.', '-' and '_'.</summary>
public static class ContractKeys
{
    public static string Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = new StringBuilder(name.Length);
        foreach (var character in name)
            key.Append(char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_' ? character : '_');
        return key.ToString();
    }

    /// <summary>The key of the data schema of an event type in <c>components/schemas</c>.</summary>
    public static string DataSchema(string type) => Of(type) + ".data";
}
