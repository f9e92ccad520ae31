// Custom Cosmos DB data-plane role definitions (sqlRoleDefinitions, not Azure RBAC): what an identity may do with the
// data of the containers it is granted on (cosmos-data-role.bicep grants them per container).
// The built-in Data Contributor would let the relay rewrite orders, outbox records and events; these do not.

@description('Cosmos DB account name.')
param accountName string

@description('Database the roles can be granted in (their only assignable scope).')
param databaseName string

// Names: GUIDs stable for the account (seeded as before this module defined them, so existing definitions are kept).
var definitions = [
  {
    name: guid(subscription().id, accountName, 'changefeed-change-reader')
    roleName: 'ChangeFeed change reader'
    // The relay reads the change feed of a watched container: no item reads, no queries, no writes.
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata'
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/readChangeFeed'
    ]
  }
  {
    name: guid(subscription().id, accountName, 'changefeed-item-writer')
    roleName: 'ChangeFeed item writer'
    // Leases (the trigger's lease store reads, queries and writes them), parked changes (parked, listed, replayed,
    // deleted) and the subscriber's inbox: every item operation and queries, in the containers granted only.
    dataActions: [
      'Microsoft.DocumentDB/databaseAccounts/readMetadata'
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/items/*'
      'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers/executeQuery'
    ]
  }
]

resource account 'Microsoft.DocumentDB/databaseAccounts@2026-03-15' existing = {
  name: accountName

  resource database 'sqlDatabases' existing = {
    name: databaseName
  }
}

// One at a time: the account takes an exclusive lock for each data-plane RBAC change and refuses a concurrent one (412).
@batchSize(1)
resource roles 'Microsoft.DocumentDB/databaseAccounts/sqlRoleDefinitions@2026-03-15' = [
  for definition in definitions: {
    parent: account
    name: definition.name
    properties: {
      roleName: definition.roleName
      type: 'CustomRole'
      // The data-plane scope of a database is the account id plus /dbs/<database>.
      assignableScopes: ['${account.id}/dbs/${account::database.name}']
      permissions: [
        {
          dataActions: definition.dataActions
        }
      ]
    }
  }
]

output changeReaderName string = roles[0].name
output itemWriterName string = roles[1].name
