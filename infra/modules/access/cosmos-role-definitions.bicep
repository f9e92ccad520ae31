// Custom Cosmos DB data-plane role definitions (sqlRoleDefinitions, not Azure RBAC): what an identity may do with the
// data of the containers it is granted on (modules/access/cosmos-data-role.bicep grants them per container).
// The built-in Data Contributor would let the relay rewrite orders, outbox records and events; these do not.

@description('Cosmos DB account name.')
param accountName string

@description('Database the roles can be granted in (their only assignable scope).')
param databaseName string

@description('Role definitions to create: name (a GUID), roleName and dataActions.')
param definitions roleDefinition[]

@export()
@description('A custom data-plane role.')
type roleDefinition = {
  @description('The definition\'s resource name: a GUID, stable for the account.')
  name: string
  roleName: string
  dataActions: string[]
}

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
