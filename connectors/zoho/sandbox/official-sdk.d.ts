// The part of Zoho's official Node SDK (@zohocrm/nodejs-sdk-8.0, plain JavaScript without types) that
// official-sdk.test.ts uses, typed from the SDK's own sources.
declare module '@zohocrm/nodejs-sdk-8.0' {
  export class Environment {
    constructor(url: string, accountsUrl: string, fileUploadUrl: string);
  }
  export class OAuthToken {}
  export class OAuthBuilder {
    clientId(value: string): this;
    clientSecret(value: string): this;
    refreshToken(value: string): this;
    findUser(value: boolean): this;
    build(): OAuthToken;
  }
  export class FileStore {
    constructor(path: string);
  }
  /** The SDK's constructor is awaited (`await new InitializeBuilder()`). */
  export class InitializeBuilder {
    environment(environment: Environment): this;
    token(token: OAuthToken): this;
    store(store: FileStore): this;
    resourcePath(path: string): this;
    initialize(): Promise<void>;
  }
  export class Param {}
  export class ParameterMap {
    add(param: Param, value: unknown): Promise<void>;
  }
  export class HeaderMap {}
  export class Choice<T = string> {
    constructor(value: T);
    getValue(): T;
  }
  export interface APIResponse<T> {
    getStatusCode(): number;
    getObject(): T | null;
  }
  export namespace Record {
    class GetRecordsParam {
      static FIELDS: Param;
    }
    class SearchRecordsParam {
      static CRITERIA: Param;
      static FIELDS: Param;
      static EMAIL: Param;
    }
    class RecordCountParam {
      static CRITERIA: Param;
    }
    class DeleteRecordsParam {
      static IDS: Param;
    }
    class CountWrapper {
      getCount(): bigint | number;
    }
    class DeletedRecord {
      getId(): bigint;
      getDisplayName(): string;
    }
    class DeletedRecordsWrapper {
      getData(): DeletedRecord[];
    }
    class Record {
      getId(): bigint;
      addKeyValue(name: string, value: unknown): void;
      getKeyValue(name: string): unknown;
    }
    class BodyWrapper {
      setData(data: Record[]): void;
      setDuplicateCheckFields(fields: string[]): void;
    }
    class Info {
      getCount(): number;
      getMoreRecords(): boolean;
      getNextPageToken(): string | null;
      getPageTokenExpiry(): Date | null;
    }
    class ResponseWrapper {
      getData(): Record[];
      getInfo(): Info;
    }
    class SuccessResponse {
      getCode(): Choice;
      getMessage(): Choice;
      getDetails(): Map<string, unknown>;
    }
    class APIException {
      getCode(): Choice;
      getMessage(): Choice;
    }
    class ActionWrapper {
      getData(): (SuccessResponse | APIException)[];
    }
    class RecordOperations {
      constructor(moduleApiName: string);
      getRecords(params?: ParameterMap, headers?: HeaderMap): Promise<APIResponse<ResponseWrapper | APIException>>;
      createRecords(body: BodyWrapper, headers?: HeaderMap): Promise<APIResponse<ActionWrapper | APIException>>;
      upsertRecords(body: BodyWrapper, headers?: HeaderMap): Promise<APIResponse<ActionWrapper | APIException>>;
      updateRecords(body: BodyWrapper, headers?: HeaderMap): Promise<APIResponse<ActionWrapper | APIException>>;
      getRecord(id: bigint, params?: ParameterMap, headers?: HeaderMap): Promise<APIResponse<ResponseWrapper | APIException>>;
      searchRecords(params?: ParameterMap, headers?: HeaderMap): Promise<APIResponse<ResponseWrapper | APIException>>;
      recordCount(params?: ParameterMap): Promise<APIResponse<CountWrapper | APIException>>;
      deleteRecords(params?: ParameterMap, headers?: HeaderMap): Promise<APIResponse<ActionWrapper | APIException>>;
      getDeletedRecords(params?: ParameterMap, headers?: HeaderMap): Promise<APIResponse<DeletedRecordsWrapper | APIException>>;
    }
  }
  export namespace Coql {
    class BodyWrapper {
      setSelectQuery(query: string): void;
    }
    class ResponseWrapper {
      getData(): Record.Record[];
      getInfo(): Record.Info;
    }
    class APIException {
      getCode(): Choice;
      getMessage(): Choice;
      getDetails(): Map<string, unknown>;
    }
    class CoqlOperations {
      getRecords(body: BodyWrapper): Promise<APIResponse<ResponseWrapper | APIException>>;
    }
  }
  export namespace RelatedRecords {
    class GetRelatedRecordsParam {
      static FIELDS: Param;
    }
    class ResponseWrapper {
      getData(): Record.Record[];
    }
    class RelatedRecordsOperations {
      constructor(relatedListAPIName: string, moduleAPIName: string);
      getRelatedRecords(recordId: bigint, params?: ParameterMap, headers?: HeaderMap): Promise<APIResponse<ResponseWrapper | Record.APIException>>;
    }
  }
  export namespace Fields {
    class GetFieldsParam {
      static MODULE: Param;
    }
    class GetFieldParam {
      static MODULE: Param;
    }
    class Fields {
      getId(): bigint;
      getAPIName(): string;
      getDataType(): string;
    }
    class ResponseWrapper {
      getFields(): Fields[];
    }
    class FieldsOperations {
      getFields(params?: ParameterMap): Promise<APIResponse<ResponseWrapper | Record.APIException>>;
      getField(id: bigint, params?: ParameterMap): Promise<APIResponse<ResponseWrapper | Record.APIException>>;
    }
  }
  export namespace Users {
    class Users {
      getId(): bigint;
      getEmail(): string;
    }
    class ResponseWrapper {
      getUsers(): Users[];
    }
    class UsersOperations {
      getUser(id: bigint, headers?: HeaderMap): Promise<APIResponse<ResponseWrapper | Record.APIException>>;
    }
  }
}
