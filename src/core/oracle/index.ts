export * from './oracleCase';
export * from './oracleResult';
