using ChangeFeed.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddChangeFeedFunctionApp();
builder.Build().Run();
