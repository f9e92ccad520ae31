// A container read with `x-ms-documentdb-populatequotainfo: true` (the SDK's ContainerRequestOptions.PopulateQuotaInfo)
// answers the container's usage as the service does, in `x-ms-resource-usage` (`documentsCount=N;...`): what a client
// reads to learn how many documents a container holds without a query. The package sends no such header.
"use strict";

function install(pkg) {
  const readCollection = require(`${pkg}/handler/read-collection`);
  const packageRead = readCollection.default;
  readCollection.default = async (account, req, res, params) => {
    const collection = account.database(params.dbId).collection(params.collId);
    if (String(req.headers["x-ms-documentdb-populatequotainfo"]).toLowerCase() === "true" && collection.read()) {
      const documents = [...collection.documents._data.values()].map(item => item.read()).filter(Boolean);
      const kb = Math.ceil(documents.reduce((bytes, doc) => bytes + Buffer.byteLength(JSON.stringify(doc)), 0) / 1024);
      res.setHeader("x-ms-resource-usage", `functions=0;storedProcedures=0;triggers=0;documentSize=${kb};documentsSize=${kb};documentsCount=${documents.length};collectionSize=${kb}`);
      res.setHeader("x-ms-resource-quota", "functions=25;storedProcedures=100;triggers=25;documentSize=10240;documentsSize=10485760;documentsCount=-1;collectionSize=10485760");
    }
    return packageRead(account, req, res, params);
  };
}

module.exports = { install };
