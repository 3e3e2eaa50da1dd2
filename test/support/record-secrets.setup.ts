// Jest setup file (jest.config.js, both projects): see recordSecretsOfFetchAnswers.
import { recordSecretsOfFetchAnswers } from './issued-secrets';

recordSecretsOfFetchAnswers();
